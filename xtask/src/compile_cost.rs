//! `cargo xtask compile-cost`: what the generated crate costs its users to compile. For each
//! spec it generates the crate (with this workspace's generator and, side by side, with the
//! generator of a baseline git revision), builds its dependencies once, then times `cargo
//! check` of the crate alone from scratch (`CARGO_INCREMENTAL=0`) several times, taking the
//! median, and the peak memory of the compiler. It prints the lines of each file too.
//!
//! A crate can be checked with several sets of features in the same run (`--groups`: the
//! default ones, none, and each named group alone), in turn, so that the share of one group is
//! read against the whole crate under the same load on the machine.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use oapigen::{ApiInput, ApiSettings, CrateSettings, Source};

/// What to measure.
pub struct Options {
    /// The specs (JSON or YAML files).
    pub specs: Vec<PathBuf>,
    /// How many timed checks of each crate.
    pub runs: usize,
    /// A git revision whose generator is measured beside this one.
    pub baseline: Option<String>,
    /// The sets of features each crate is checked with, in turn.
    pub builds: Vec<Build>,
}

/// One set of Cargo features a crate is checked with.
#[derive(Clone, Debug, PartialEq)]
pub struct Build {
    /// How the table names it.
    pub label: String,
    /// The features; `None` for the default ones.
    pub features: Option<Vec<String>>,
}

/// The label of the build with the default features.
const DEFAULT_BUILD: &str = "default";
/// The label of the build with no features.
const NO_GROUP_BUILD: &str = "no group";

impl Build {
    /// The crate's default features (every group).
    pub fn default_features() -> Self {
        Self {
            label: DEFAULT_BUILD.to_owned(),
            features: None,
        }
    }

    /// Only `features` (none when it is empty).
    pub fn only(features: Vec<String>) -> Self {
        let label = if features.is_empty() {
            NO_GROUP_BUILD.to_owned()
        } else {
            features.join(",")
        };
        Self {
            label,
            features: Some(features),
        }
    }

    /// The default features, no feature, and each of `groups` alone: what a group costs,
    /// against the whole crate and against what every build pays.
    pub fn each_group(groups: &[String]) -> Vec<Self> {
        let mut builds = vec![Self::default_features(), Self::only(Vec::new())];
        builds.extend(groups.iter().map(|group| Self::only(vec![group.clone()])));
        builds
    }
}

/// The specs measured when none are named: the biggest of the corpus.
pub const DEFAULT_SPECS: &[&str] = &[
    "../shared/corpus/stripe-spec3.json",
    "../shared/corpus/twilio_api_v2010.json",
    "../shared/corpus/adyen-CheckoutService-v71.json",
];

/// One crate's measurement.
pub struct Row {
    pub spec: String,
    /// `current`, or the baseline revision.
    pub generator: String,
    /// The label of the set of features it was checked with.
    pub build: String,
    /// Each generated `.rs` file (relative to `src/`) and its lines.
    pub lines: Vec<(String, usize)>,
    /// Each timed check.
    pub checks: Vec<Duration>,
    /// The compiler's peak resident memory in each check, in KiB, where it can be read.
    pub peaks: Vec<Option<u64>>,
}

impl Row {
    fn median(&self) -> Duration {
        let mut checks = self.checks.clone();
        checks.sort();
        checks[checks.len() / 2]
    }

    fn peak(&self) -> Option<u64> {
        let mut peaks: Vec<u64> = self.peaks.iter().flatten().copied().collect();
        peaks.sort();
        peaks.get(peaks.len() / 2).copied()
    }

    fn total_lines(&self) -> usize {
        self.lines.iter().map(|(_, n)| n).sum()
    }
}

/// The folder everything is written under.
fn work_dir(root: &Path) -> PathBuf {
    root.join("target").join("compile-cost")
}

/// One crate checked with one set of features: where it is, and what was measured.
struct Measured<'a> {
    dir: PathBuf,
    name: String,
    build: &'a Build,
    row: Row,
}

/// Measures every spec; prints a line as each check ends. Every crate is generated, and every
/// build checked against the features its crate declares, before anything is timed: a group
/// that one spec lacks stops the run at once, not after minutes of another spec's checks.
pub fn run(root: &Path, options: &Options) -> Result<Vec<Row>, String> {
    let work = work_dir(root);
    let baseline = match &options.baseline {
        Some(rev) => Some((
            rev.clone(),
            crate::baseline::generator(root, &work, rev, "compile-cost")?,
        )),
        None => None,
    };
    let mut specs = Vec::new();
    for spec in &options.specs {
        specs.push(prepare(
            root,
            &work,
            spec,
            baseline.as_ref(),
            &options.builds,
        )?);
    }
    let mut rows = Vec::new();
    for mut measured in specs {
        // Dependencies, and a first check that is not timed.
        for m in &measured {
            check(&work, &m.dir, &m.build.features, false)?;
        }
        // The crates and builds of one spec take turns, so that what else the machine does
        // falls on all of them.
        for run in 0..options.runs {
            for m in &mut measured {
                clean(&work, &m.dir, &m.name)?;
                let (took, peak) = measured_check(&work, &m.dir, &m.build.features)?;
                println!(
                    "compile-cost: {} ({}, {}) run {}: {:.1} s, {}",
                    m.row.spec,
                    m.row.generator,
                    m.row.build,
                    run + 1,
                    took.as_secs_f64(),
                    peak.map_or("peak unknown".to_owned(), |kb| format!("{} MB", kb / 1024))
                );
                m.row.checks.push(took);
                m.row.peaks.push(peak);
            }
        }
        rows.extend(measured.into_iter().map(|m| m.row));
    }
    Ok(rows)
}

/// Generates the crates of `spec` (this generator's, and the baseline's), and pairs each with
/// the builds it declares the features of. A build the current crate cannot make is an error;
/// one the baseline's cannot is left out with a message.
fn prepare<'a>(
    root: &Path,
    work: &Path,
    spec: &Path,
    baseline: Option<&(String, PathBuf)>,
    builds: &'a [Build],
) -> Result<Vec<Measured<'a>>, String> {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| format!("{} has no file name", spec.display()))?;
    let name = format!("cost-{}", oapigen::naming::crate_name(stem));
    let mut crates = Vec::new();
    let dir = work.join("crates").join(&name);
    generate_current(spec, &dir, &name)?;
    crates.push(("current".to_owned(), dir, name.clone()));
    if let Some((rev, binary)) = baseline {
        let base_name = format!("{name}-base");
        let dir = work.join("crates").join(&base_name);
        crate::baseline::generate(binary, spec, &dir, &["--name".as_ref(), base_name.as_ref()])?;
        crates.push((rev.clone(), dir, base_name));
    }
    let shown = spec
        .file_name()
        .map_or(stem.to_owned(), |n| n.to_string_lossy().into_owned());
    let mut measured = Vec::new();
    for (generator, dir, name) in crates {
        crate::copy_lock(root, &dir)?;
        let lines = line_counts(&dir.join("src"))?;
        let declared = crate::features(&crate::read(&dir.join("Cargo.toml"))?);
        for build in builds {
            if let Some(missing) = undeclared(build, &declared) {
                if generator == "current" {
                    return Err(format!(
                        "{missing} is not a feature of the crate of {}; its features: {}",
                        spec.display(),
                        declared.join(", ")
                    ));
                }
                println!(
                    "compile-cost: the crate of {generator}'s generator has no feature \
                     {missing}; it is not checked with [{}]",
                    build.label
                );
                continue;
            }
            let row = Row {
                spec: shown.clone(),
                generator: generator.clone(),
                build: build.label.clone(),
                lines: lines.clone(),
                checks: Vec::new(),
                peaks: Vec::new(),
            };
            measured.push(Measured {
                dir: dir.clone(),
                name: name.clone(),
                build,
                row,
            });
        }
    }
    Ok(measured)
}

/// The table of every crate measured: lines, check time and peak memory, then the lines of
/// each file. Where a crate was checked with its default features, each build also shows its
/// time as a share of that; where it was checked with no feature too, the share of what the
/// default build adds to it (the part a build with some groups can leave out).
pub fn table(rows: &[Row], runs: usize) -> String {
    // The shares are shown where a crate was checked with its default features and otherwise.
    let with_shares = rows.iter().any(|row| {
        row.build == DEFAULT_BUILD && rows.iter().filter(|r| same_crate(r, row)).count() > 1
    });
    let mut out = format!(
        "\n{:<32} {:<12} {:<16} {:>9} {:>22} {:>9}",
        "spec",
        "generator",
        "features",
        "lines",
        format!("check s (median of {runs})"),
        "peak MB"
    );
    if with_shares {
        out.push_str("  of default  beyond no group");
    }
    out.push('\n');
    for row in rows {
        let times: Vec<f64> = row.checks.iter().map(Duration::as_secs_f64).collect();
        let low = times.iter().copied().fold(f64::INFINITY, f64::min);
        let high = times.iter().copied().fold(0.0, f64::max);
        let _ = write!(
            out,
            "{:<32} {:<12} {:<16} {:>9} {:>22} {:>9}",
            row.spec,
            row.generator,
            row.build,
            row.total_lines(),
            format!("{:.1} ({low:.1}-{high:.1})", row.median().as_secs_f64()),
            row.peak()
                .map_or("?".to_owned(), |kb| (kb / 1024).to_string()),
        );
        if with_shares {
            let median = |label: &str| {
                rows.iter()
                    .find(|r| same_crate(r, row) && r.build == label)
                    .map(|r| r.median().as_secs_f64())
            };
            let (share, beyond) = shares(
                row.median().as_secs_f64(),
                median(DEFAULT_BUILD),
                median(NO_GROUP_BUILD),
            );
            let shown = |p: Option<f64>| p.map_or("-".to_owned(), |p| format!("{p:.1}%"));
            let _ = write!(out, "  {:>10}  {:>15}", shown(share), shown(beyond));
        }
        out.push('\n');
    }
    out.push_str("\nlines per file\n");
    // Each crate's files, once: at its first row.
    for (i, row) in rows.iter().enumerate() {
        if rows.iter().position(|r| same_crate(r, row)) != Some(i) {
            continue;
        }
        let files: Vec<String> = row
            .lines
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(file, n)| format!("{file} {n}"))
            .collect();
        let _ = writeln!(
            out,
            "{} ({}): {}",
            row.spec,
            row.generator,
            files.join(", ")
        );
    }
    out
}

/// The first of a build's features that the crate does not declare.
fn undeclared<'a>(build: &'a Build, declared: &[String]) -> Option<&'a str> {
    build
        .features
        .iter()
        .flatten()
        .find(|feature| !declared.contains(feature))
        .map(String::as_str)
}

/// Whether two rows measured the same generated crate.
fn same_crate(a: &Row, b: &Row) -> bool {
    a.spec == b.spec && a.generator == b.generator
}

/// A build's time as a percentage of the default build's, and the part of what the default
/// build adds to the build with no feature that this build adds too (`None` where a figure
/// is missing or the default build adds nothing).
fn shares(took: f64, default: Option<f64>, none: Option<f64>) -> (Option<f64>, Option<f64>) {
    let share = default.filter(|d| *d > 0.0).map(|d| took / d * 100.0);
    let beyond = match (default, none) {
        (Some(d), Some(n)) if d > n => Some((took - n) / (d - n) * 100.0),
        _ => None,
    };
    (share, beyond)
}

/// Generates the crate for `spec` into `dir` with this workspace's generator.
pub(crate) fn generate_current(spec: &Path, dir: &Path, name: &str) -> Result<(), String> {
    let text =
        fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let source = Source::new(spec.display().to_string(), text);
    let files = oapigen::gather_files(&source, |path| {
        fs::read_to_string(path).map_err(|e| e.to_string())
    })
    .map_err(|e| e.to_string())?;
    let mut input = ApiInput::new(source, ApiSettings::new(spec.display().to_string(), "api"));
    input.files = files;
    let api = oapigen::parse_api(&input).map_err(|d| d.to_string())?;
    let settings = CrateSettings {
        name: name.to_owned(),
        version: "0.1.0".to_owned(),
        description: "measured by cargo xtask compile-cost".to_owned(),
        regenerate_command: "cargo xtask compile-cost".to_owned(),
        own_workspace: true,
        group_features: true,
    };
    let files = oapigen::generate_crate_from(&settings, std::slice::from_ref(&api))
        .map_err(|d| d.to_string())?;
    let _ = fs::remove_dir_all(dir);
    crate::write_crate(dir, &files)
}

/// The arguments of a `cargo check` of the crate with `features`.
fn check_args(features: &Option<Vec<String>>) -> Vec<String> {
    let mut args = vec!["check".to_owned(), "--quiet".to_owned()];
    if let Some(features) = features {
        args.push("--no-default-features".to_owned());
        if !features.is_empty() {
            args.push(format!("--features={}", features.join(",")));
        }
    }
    args
}

/// `cargo check` of the crate in `dir`, with the shared target directory.
fn check(
    work: &Path,
    dir: &Path,
    features: &Option<Vec<String>>,
    quiet: bool,
) -> Result<(), String> {
    let output = Command::new(crate::cargo())
        .args(check_args(features))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        if !quiet && !output.stderr.is_empty() {
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
        }
        Ok(())
    } else {
        Err(format!(
            "cargo check failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Removes what was built of the crate itself, so that the next check starts from scratch.
fn clean(work: &Path, dir: &Path, name: &str) -> Result<(), String> {
    let status = Command::new(crate::cargo())
        .args(["clean", "--quiet", "-p", name])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo clean -p {name} failed"))
    }
}

/// One timed check, run by a fresh xtask process (`measure-check`) so that the peak memory it
/// reads is that of this check's compiler alone.
fn measured_check(
    work: &Path,
    dir: &Path,
    features: &Option<Vec<String>>,
) -> Result<(Duration, Option<u64>), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask: {e}"))?;
    let output = Command::new(exe)
        .arg("measure-check")
        .arg(dir)
        .arg("--")
        .args(check_args(features))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run the xtask: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "cargo check failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    parse_measurement(&text).ok_or_else(|| format!("unexpected measurement: {text}"))
}

/// Reads what [`measure`] printed: `<milliseconds> <peak KiB or ->`.
fn parse_measurement(text: &str) -> Option<(Duration, Option<u64>)> {
    let mut words = text.split_whitespace();
    let millis: u64 = words.next()?.parse().ok()?;
    let peak = match words.next()? {
        "-" => None,
        kb => Some(kb.parse().ok()?),
    };
    Some((Duration::from_millis(millis), peak))
}

/// Runs cargo with `args` in `dir`, and prints how long it took in milliseconds and the peak
/// resident memory of the largest process it ran, in KiB (`-` where that cannot be read).
/// Called in a process of its own: the peak is of every child this process waited for.
pub fn measure(dir: &Path, args: &[String]) -> Result<String, String> {
    let started = Instant::now();
    let output = Command::new(crate::cargo())
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let took = started.elapsed();
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let peak = peak_of_children().map_or("-".to_owned(), |kb| kb.to_string());
    Ok(format!("{} {peak}", took.as_millis()))
}

/// The peak resident memory of the largest child process waited for, in KiB.
#[cfg(unix)]
fn peak_of_children() -> Option<u64> {
    use nix::sys::resource::{UsageWho, getrusage};
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).ok()?;
    // Linux counts in KiB; macOS in bytes.
    let peak = u64::try_from(usage.max_rss()).ok()?;
    Some(if cfg!(target_os = "macos") {
        peak / 1024
    } else {
        peak
    })
}

#[cfg(not(unix))]
fn peak_of_children() -> Option<u64> {
    None
}

/// The lines of each `.rs` file under `src`, by path relative to it, in path order.
fn line_counts(src: &Path) -> Result<Vec<(String, usize)>, String> {
    let mut out = Vec::new();
    for path in crate::list_files(src)? {
        if path.extension().is_some_and(|e| e == "rs") {
            let text = crate::read(&path)?;
            let relative = path
                .strip_prefix(src)
                .map_err(|e| e.to_string())?
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, text.lines().count()));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurements_are_read_back() {
        assert_eq!(
            parse_measurement("51234 2700000\n"),
            Some((Duration::from_millis(51234), Some(2_700_000)))
        );
        assert_eq!(
            parse_measurement("12 -"),
            Some((Duration::from_millis(12), None))
        );
        assert_eq!(parse_measurement("oops"), None);
    }

    #[test]
    fn each_group_is_measured_against_the_default_and_no_feature() {
        let builds = Build::each_group(&["customers".to_owned()]);
        let labels: Vec<&str> = builds.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["default", "no group", "customers"]);
        assert_eq!(builds[0].features, None);
        assert_eq!(builds[1].features, Some(Vec::new()));
        assert_eq!(builds[2].features, Some(vec!["customers".to_owned()]));
    }

    #[test]
    fn a_build_needs_every_feature_it_names_declared() {
        let declared = vec!["api".to_owned(), "customers".to_owned()];
        assert_eq!(undeclared(&Build::default_features(), &declared), None);
        assert_eq!(undeclared(&Build::only(Vec::new()), &declared), None);
        assert_eq!(
            undeclared(&Build::only(vec!["customers".to_owned()]), &declared),
            None
        );
        assert_eq!(
            undeclared(
                &Build::only(vec!["customers".to_owned(), "charges".to_owned()]),
                &declared
            ),
            Some("charges")
        );
    }

    #[test]
    fn shares_are_of_the_default_build_and_of_what_it_adds() {
        let (share, beyond) = shares(1.4, Some(13.3), Some(0.3));
        assert!((share.unwrap() - 10.526).abs() < 0.01);
        assert!((beyond.unwrap() - 8.462).abs() < 0.01);
        assert_eq!(shares(1.0, None, Some(0.3)), (None, None));
        assert_eq!(shares(0.3, Some(0.3), Some(0.3)).1, None);
    }

    #[test]
    fn several_builds_show_their_shares() {
        let row = |build: &str, secs: u64| Row {
            spec: "s.json".to_owned(),
            generator: "current".to_owned(),
            build: build.to_owned(),
            lines: vec![("lib.rs".to_owned(), 10)],
            checks: vec![Duration::from_secs(secs)],
            peaks: vec![None],
        };
        let text = table(
            &[row("default", 20), row("no group", 2), row("customers", 4)],
            1,
        );
        let customers = text.lines().find(|l| l.contains("customers")).unwrap();
        assert!(customers.contains("20.0%"), "{text}");
        assert!(customers.contains("11.1%"), "{text}");
        // The lines of the files are listed once per crate.
        assert_eq!(text.matches("lib.rs 10").count(), 1, "{text}");
        let alone = table(&[row("default", 20)], 1);
        assert!(!alone.contains("of default"), "{alone}");
        let one_group = table(&[row("customers", 4)], 1);
        assert!(!one_group.contains("of default"), "{one_group}");
    }

    #[test]
    fn features_turn_the_default_ones_off() {
        assert_eq!(check_args(&None), ["check", "--quiet"]);
        assert_eq!(
            check_args(&Some(vec!["customers".into(), "charges".into()])),
            [
                "check",
                "--quiet",
                "--no-default-features",
                "--features=customers,charges"
            ]
        );
    }
}
