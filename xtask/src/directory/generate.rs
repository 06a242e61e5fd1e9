//! Generating every spec in-process, on several threads, with panics caught and recorded, and
//! writing the crates that are to be checked.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use oapigen::{ApiInput, ApiSettings, CrateSettings, Diagnostics, OutputFile, Source};

use super::{
    COMMAND, Generation, PACKAGE, PROGRESS_EVERY, SpecRecord, WORKER_STACK, batch_dir, cause_key,
    duration,
};

/// Where generated crates go, when they are to be checked.
#[derive(Clone, Copy)]
pub(super) struct WriteTo<'a> {
    pub crates_dir: &'a Path,
    /// Crates bigger than this are not checked, so not written either.
    pub max_lines: usize,
}

/// Generates every record's spec on `jobs` threads, filling in its generation outcome and
/// time, and writes each generated crate into its batch directory under `write_to`.
pub(super) fn generate_all(
    package: &Path,
    write_to: Option<WriteTo<'_>>,
    records: &mut [SpecRecord],
    jobs: usize,
) -> Result<(), String> {
    let total = records.len();
    let slots: Vec<Mutex<&mut SpecRecord>> = records.iter_mut().map(Mutex::new).collect();
    let next = AtomicUsize::new(0);
    let progress = Progress::new(total);
    let _quiet = QuietPanics::install();
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for _ in 0..jobs.min(total.max(1)) {
            let worker = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, || -> Result<(), String> {
                    while let Some(slot) = slots.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let mut record = slot.lock().map_err(|_| "a worker died".to_owned())?;
                        generate_record(package, write_to, &mut record)?;
                        progress.done(matches!(record.generation, Generation::Generated { .. }));
                    }
                    Ok(())
                })
                .map_err(|e| format!("cannot start a generation thread: {e}"))?;
            workers.push(worker);
        }
        for worker in workers {
            worker
                .join()
                .map_err(|_| "a generation thread panicked".to_owned())??;
        }
        Ok(())
    })
}

/// Counts finished specs from several threads and prints a line every [`PROGRESS_EVERY`].
struct Progress {
    total: usize,
    done: AtomicUsize,
    generated: AtomicUsize,
    started: Instant,
}

impl Progress {
    fn new(total: usize) -> Self {
        Self {
            total,
            done: AtomicUsize::new(0),
            generated: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    fn done(&self, generated: bool) {
        let ok = self
            .generated
            .fetch_add(usize::from(generated), Ordering::Relaxed)
            + usize::from(generated);
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done % PROGRESS_EVERY == 0 || done == self.total {
            eprintln!(
                "generated {done}/{} ({ok} ok) in {}",
                self.total,
                duration(self.started.elapsed())
            );
        }
    }
}

/// Generates one spec, records the outcome, and writes the crate when asked to.
fn generate_record(
    package: &Path,
    write_to: Option<WriteTo<'_>>,
    record: &mut SpecRecord,
) -> Result<(), String> {
    let text = fs::read_to_string(package.join(&record.path))
        .map_err(|e| format!("cannot read {}: {e}", record.path))?;
    let started = Instant::now();
    let outcome = generate_spec(&record.path, text, &record.crate_name);
    record.generate_time = started.elapsed();
    let Some(write_to) = write_to else {
        record_outcome(record, outcome);
        return Ok(());
    };
    let dir = batch_dir(write_to.crates_dir, record.batch).join(&record.crate_name);
    match record_outcome(record, outcome) {
        Some(files) if record.lines <= write_to.max_lines => crate::write_crate(&dir, &files),
        _ => {
            let _ = fs::remove_dir_all(dir);
            Ok(())
        }
    }
}

/// Records what generation gave, and hands back the files, if any.
fn record_outcome(
    record: &mut SpecRecord,
    outcome: Result<(Vec<OutputFile>, usize), Generation>,
) -> Option<Vec<OutputFile>> {
    match outcome {
        Ok((files, warnings)) => {
            record.generation = Generation::Generated { warnings };
            record.lines = crate::generated_lines(&files);
            Some(files)
        }
        Err(failure) => {
            record.generation = failure;
            None
        }
    }
}

/// The crate's files and the number of warnings, or why there are none. A panic in the
/// generator is a failure of this spec: it is caught and reported as `panic: <message>`.
fn generate_spec(
    path: &str,
    text: String,
    crate_name: &str,
) -> Result<(Vec<OutputFile>, usize), Generation> {
    let settings = CrateSettings {
        name: crate_name.to_owned(),
        version: "0.0.0".to_owned(),
        description: format!("{path} of {PACKAGE}, generated by oapigen"),
        regenerate_command: COMMAND.to_owned(),
        own_workspace: false,
    };
    let input = ApiInput::new(Source::new(path, text), ApiSettings::new(path, "api"));
    let generated = unpanicked(|| {
        let api = oapigen::parse_api(&input)?;
        let files = oapigen::generate_crate_from(&settings, std::slice::from_ref(&api))?;
        Ok::<_, Diagnostics>((files, api.warnings.len()))
    })?;
    generated.map_err(|diagnostics| first_error(&diagnostics))
}

/// Runs `f`, turning a panic into a failure with cause `panic: <message>` (the message
/// normalised as [`cause_key`] does; the report keeps it whole, with where it was raised when
/// [`QuietPanics`] is installed).
fn unpanicked<T>(f: impl FnOnce() -> T + panic::UnwindSafe) -> Result<T, Generation> {
    panic::catch_unwind(f).map_err(|payload| {
        let text = panic_text(payload.as_ref());
        let message = LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| text.to_owned());
        Generation::Failed {
            cause: format!("panic: {}", cause_key(text)),
            message: format!("panic: {message}"),
        }
    })
}

/// The failure a spec's diagnostics amount to: its first error (warnings alone can fail a spec
/// only under `deny-warnings`, which this task does not set; the first of them stands in then).
fn first_error(diagnostics: &Diagnostics) -> Generation {
    match diagnostics
        .0
        .iter()
        .find(|d| d.is_error())
        .or(diagnostics.0.first())
    {
        Some(first) => Generation::Failed {
            cause: cause_key(&first.message),
            message: first.to_string(),
        },
        None => Generation::Failed {
            cause: "failed without a diagnostic".to_owned(),
            message: String::new(),
        },
    }
}

thread_local! {
    /// The last panic on this thread, with its location, as the panic hook saw it.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// While alive, panics print nothing (a panicking spec is a recorded failure, and hundreds of
/// backtraces would bury the progress lines); the hook keeps the message and location for the
/// report. The previous hook is put back on drop.
struct QuietPanics {
    previous: Option<PanicHook>,
}

/// What `std::panic::take_hook` gives back.
type PanicHook = Box<dyn Fn(&panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

impl QuietPanics {
    fn install() -> Self {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(|info| {
            let location = info
                .location()
                .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                .unwrap_or_default();
            let text = format!("{}{location}", panic_text(info.payload()));
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
        }));
        Self {
            previous: Some(previous),
        }
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            panic::set_hook(previous);
        }
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a panic without a message)")
}

/// Removes the batches and crates of earlier runs that this run does not write (another
/// sample, another batch size), so that no stale crate is mistaken for this run's.
pub(super) fn remove_stale_crates(crates_dir: &Path, records: &[SpecRecord]) -> Result<(), String> {
    let mut wanted: HashMap<PathBuf, HashSet<&str>> = HashMap::new();
    for record in records {
        wanted
            .entry(batch_dir(crates_dir, record.batch))
            .or_default()
            .insert(record.crate_name.as_str());
    }
    let Ok(batches) = fs::read_dir(crates_dir) else {
        return Ok(());
    };
    for batch in batches {
        let batch = batch.map_err(|e| e.to_string())?.path();
        let Some(crates) = wanted.get(&batch) else {
            remove(&batch)?;
            continue;
        };
        let entries =
            fs::read_dir(&batch).map_err(|e| format!("cannot read {}: {e}", batch.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() && !crates.contains(name) {
                remove(&path)?;
            }
        }
    }
    Ok(())
}

fn remove(path: &Path) -> Result<(), String> {
    let removed = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    removed.map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_a_failure_with_its_message() {
        let _quiet = QuietPanics::install();
        let Err(Generation::Failed { cause, message }) =
            unpanicked(|| -> u32 { panic!("no type for schema {}", 42) })
        else {
            panic!("the panic was not caught");
        };
        assert_eq!(cause, "panic: no type for schema N");
        assert!(
            message.starts_with("panic: no type for schema 42 (at "),
            "{message}"
        );
        assert!(matches!(unpanicked(|| 7), Ok(7)));
    }
}
