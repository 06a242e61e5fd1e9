//! The `oapigen` command line. File I/O lives here; the library does the work.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use oapigen::{ApiInput, ApiSettings, CrateSettings, Source};

const USAGE: &str = "\
oapigen: generate a Rust crate of typed models and request builders from an OpenAPI 3.0 or 3.1
document, or a Swagger 2.0 one (JSON or YAML, in one file or several).

Usage:
  oapigen generate <SPEC> --out <DIR> [--name <CRATE>] [--module <MODULE>] [--settings <FILE>]
                   [--deny-warnings]
  oapigen check <SPEC> [--settings <FILE>] [--deny-warnings]
  oapigen surface <SPEC>
  oapigen upgrade <SPEC>
  oapigen diff <OLD> <NEW> [--format text|markdown|json] [--fail-on-breaking] [--settings <FILE>]
  oapigen --help

Commands:
  generate   Write a standalone crate (Cargo.toml and src/) for SPEC into DIR. It builds on its
             own, outside any workspace, and depends only on http, serde, serde_json (and
             chrono when the spec has dates). Files are written only when their content changes.
             Warnings (defects that were repaired) are printed; errors write nothing.
  check      Validate SPEC and print every problem found, each with file:line:column and JSON
             pointer: errors (nothing can be generated) and warnings (a defect with one evident
             repair, which was made). Exits 1 when there is an error.
  surface    Print the Rust API that SPEC generates: every type, field, variant and builder,
             with its Rust type and wire name.
  upgrade    Print the OpenAPI 3.0 document (JSON) that a Swagger 2.0 SPEC is read as; the other
             commands read 2.0 this way, and place what they find in the 2.0 text.
  diff       Compare two versions of a spec: every change with its JSON pointer, old and new
             value, whether it breaks a client, and the generated Rust items it touches.

Options:
  --out <DIR>         Where `generate` writes the crate (created if missing).
  --name <CRATE>      The package name (default: the spec's file name, kebab-cased).
  --module <MODULE>   The module the API is generated into (default: `api`); the crate has one
                      Cargo feature of the same name, on by default.
  --settings <FILE>   An oapigen.toml with per-spec settings (secret properties, envelope); its
                      `spec` and `module` keys are ignored in favour of SPEC and --module.
  --format <FORMAT>   For `diff`: text (the default; coloured on a terminal), markdown (for a
                      pull request) or json (for tools).
  --fail-on-breaking  For `diff`: exit with status 1 when any change breaks a client.
  --deny-warnings     Treat warnings as errors (also `deny-warnings = true` in the settings).
  -h, --help          Print this help.

`cargo xtask codegen` regenerates this workspace's own crate from specs/ with the same library.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty()
        || args
            .iter()
            .any(|a| a == "-h" || a == "--help" || a == "help")
    {
        println!("{USAGE}");
        return if args.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("oapigen: error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Parsed options: the positional SPEC and `--key value` pairs.
struct Options {
    spec: PathBuf,
    out: Option<PathBuf>,
    name: Option<String>,
    module: Option<String>,
    settings: Option<PathBuf>,
    deny_warnings: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut spec = None;
    let mut options = Options {
        spec: PathBuf::new(),
        out: None,
        name: None,
        module: None,
        settings: None,
        deny_warnings: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value (see --help)"))
        };
        match arg.as_str() {
            "--out" => options.out = Some(value("--out")?.into()),
            "--name" => options.name = Some(value("--name")?),
            "--module" => options.module = Some(value("--module")?),
            "--settings" => options.settings = Some(value("--settings")?.into()),
            "--deny-warnings" => options.deny_warnings = true,
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option {flag} (see --help)"));
            }
            path if spec.is_none() => spec = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument {extra} (see --help)")),
        }
    }
    options.spec = spec.ok_or("no SPEC given (see --help)")?;
    Ok(options)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (command, rest) = args.split_first().ok_or("no command given")?;
    if command == "diff" {
        return diff(rest);
    }
    let options = parse(rest)?;
    let input = read_input(&options)?;
    match command.as_str() {
        "check" => Ok(report(oapigen::parse_api(&input).inspect(|api| {
            if api.warnings.is_empty() {
                println!("{}: no problems found", input.source.name);
            }
        }))),
        "upgrade" => match oapigen::upgraded_document(&input) {
            Ok((document, warnings)) => {
                print_diagnostics(&warnings);
                let text = serde_json::to_string_pretty(&document)
                    .map_err(|e| format!("cannot write the document: {e}"))?;
                println!("{text}");
                Ok(ExitCode::SUCCESS)
            }
            Err(diagnostics) => Ok(report(Err(diagnostics))),
        },
        "surface" => Ok(report(
            oapigen::parse_api(&input).inspect(|api| print!("{}", oapigen::surface(api))),
        )),
        "generate" => {
            let out = options.out.clone().ok_or("generate needs --out <DIR>")?;
            let name = options.name.clone().unwrap_or_else(|| {
                oapigen::naming::crate_name(&options.spec.display().to_string())
            });
            let settings = CrateSettings {
                description: format!(
                    "Typed client for {}, generated by oapigen",
                    input.source.name
                ),
                name,
                version: "0.1.0".to_owned(),
                regenerate_command: format!("oapigen generate {}", args[1..].join(" ")),
                own_workspace: true,
            };
            let api = match oapigen::parse_api(&input) {
                Ok(api) => api,
                Err(diagnostics) => return Ok(report(Err(diagnostics))),
            };
            print_diagnostics(&api.warnings);
            let files = match oapigen::generate_crate_from(&settings, std::slice::from_ref(&api)) {
                Ok(files) => files,
                Err(diagnostics) => return Ok(report(Err(diagnostics))),
            };
            let mut written = 0;
            for file in &files {
                let path = out.join(&file.path);
                if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
                    continue;
                }
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&path, &file.contents)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written += 1;
            }
            // Files an older oapigen wrote there and this one does not (a module of an API
            // that is gone, `src/runtime.rs` before the runtime became a folder) are removed;
            // files written by hand are left alone.
            let existing: Vec<(String, String)> = rust_files(&out.join("src"))
                .into_iter()
                .filter_map(|path| {
                    let text = std::fs::read_to_string(&path).ok()?;
                    let relative = path.strip_prefix(&out).ok()?.to_str()?.replace('\\', "/");
                    Some((relative, text))
                })
                .collect();
            let texts = existing
                .iter()
                .map(|(path, text)| (path.clone(), text.as_str()));
            let stale = oapigen::stale_files(texts, &files);
            for path in &stale {
                let path = out.join(path);
                std::fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            }
            println!(
                "oapigen: {} files in {} ({written} written, {} stale removed)",
                files.len(),
                out.display(),
                stale.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other} (see --help)")),
    }
}

fn diff(args: &[String]) -> Result<ExitCode, String> {
    let mut specs = Vec::new();
    let mut format = oapigen::diff::Format::Text;
    let mut fail_on_breaking = false;
    let mut settings = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--settings" => {
                settings = Some(PathBuf::from(
                    rest.next().ok_or("--settings needs a value (see --help)")?,
                ));
            }
            "--format" => {
                format = rest
                    .next()
                    .ok_or("--format needs a value (see --help)")?
                    .parse()?;
            }
            "--fail-on-breaking" => fail_on_breaking = true,
            flag if flag.starts_with('-') => {
                return Err(format!("unknown option {flag} (see --help)"));
            }
            path => specs.push(PathBuf::from(path)),
        }
    }
    let [old, new] = specs.as_slice() else {
        return Err("diff needs two specs: OLD and NEW (see --help)".to_owned());
    };
    let input = |spec: &Path| {
        read_input(&Options {
            spec: spec.to_path_buf(),
            out: None,
            name: None,
            module: None,
            settings: settings.clone(),
            deny_warnings: false,
        })
    };
    let report = match oapigen::diff::diff(&input(old)?, &input(new)?) {
        Ok(report) => report,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            return Ok(ExitCode::FAILURE);
        }
    };
    use std::io::IsTerminal;
    let color = format == oapigen::diff::Format::Text && std::io::stdout().is_terminal();
    print!("{}", report.render(format, color));
    Ok(if fail_on_breaking && report.has_breaking() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn read_input(options: &Options) -> Result<ApiInput, String> {
    let spec = &options.spec;
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let module = options.module.clone().unwrap_or_else(|| "api".to_owned());
    let mut settings = match &options.settings {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            ApiSettings::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => ApiSettings::new(spec.display().to_string(), module.clone()),
    };
    settings.spec = spec.display().to_string();
    settings.module = module;
    settings.deny_warnings |= options.deny_warnings;
    let source = Source::new(spec.display().to_string(), text);
    let files = oapigen::gather_files(&source, |path| {
        std::fs::read_to_string(path).map_err(|e| e.to_string())
    })
    .map_err(|d| d.to_string())?;
    Ok(ApiInput {
        source,
        settings,
        files,
    })
}

/// Prints the problems of a spec, warnings included, with a count of each; fails when there
/// is an error, or a warning the settings deny.
fn report(result: Result<oapigen::ir::Api, oapigen::Diagnostics>) -> ExitCode {
    match result {
        Ok(api) => {
            print_diagnostics(&api.warnings);
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics.0);
            if diagnostics.error_count() == 0 {
                eprintln!("oapigen: warnings are denied (--deny-warnings or `deny-warnings`)");
            }
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(diagnostics: &[oapigen::Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
    let all = oapigen::Diagnostics(diagnostics.to_vec());
    eprintln!(
        "{} error(s), {} warning(s)",
        all.error_count(),
        all.warning_count()
    );
}

/// The `.rs` files under `dir`, at any depth.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for path in std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
        {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}
