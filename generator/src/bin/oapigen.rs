//! The `oapigen` command line. File I/O lives here; the library does the work.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use oapigen::{ApiInput, CrateSettings, Source};

/// Generate a Rust crate of typed models and request builders from an OpenAPI 3.0 or 3.1
/// document, or a Swagger 2.0 one (JSON or YAML, in one file or several).
#[derive(Parser)]
#[command(
    name = "oapigen",
    version,
    after_help = "Exit status: 0 when all went well; 1 when the spec has problems (errors, or \
                  warnings that are denied) or `diff --fail-on-breaking` found a breaking \
                  change; 2 when the command line is wrong, a file cannot be read or written \
                  (the spec, a file its $refs name, the settings, the output) or the settings \
                  file has mistakes.\n\n\
                  `cargo xtask codegen` regenerates oapigen's own workspace crate from specs/ \
                  with the same library."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour the output: on a terminal (auto), always or never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// How to print errors and warnings: as rustc does (human), or one JSON object per line
    /// (json: severity, message, file, line, column, pointer), for editors and CI. A mistake
    /// in the command line itself is reported as plain text either way.
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Write a standalone crate (Cargo.toml and src/) for SPEC into DIR.
    ///
    /// The crate builds on its own, outside any workspace, and depends only on http, serde and
    /// serde_json (and chrono when the spec has dates). Files are written only when their
    /// content changes, and files an older oapigen wrote there that this one does not are
    /// removed. Warnings (defects that were repaired) are printed; errors write nothing.
    #[command(after_help = "Examples:\n  \
        oapigen generate petstore.yaml --out crates/petstore\n  \
        oapigen generate openapi.json --out vendor/billing --name billing-api --module billing \\\n    \
        --settings oapigen.toml --deny-warnings")]
    Generate {
        #[command(flatten)]
        spec: SpecArgs,
        /// Where to write the crate (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The package name [default: the spec's file name, kebab-cased].
        #[arg(long, value_name = "CRATE")]
        name: Option<String>,
    },
    /// Validate SPEC and print every problem found.
    ///
    /// Each problem has its file:line:column and JSON pointer: errors (nothing can be
    /// generated) and warnings (a defect with one evident repair, which was made).
    #[command(after_help = "Examples:\n  \
        oapigen check openapi.yaml\n  \
        oapigen check openapi.yaml --deny-warnings")]
    Check {
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Print the Rust API that SPEC generates: every type, field, variant and builder, with
    /// its Rust type and wire name.
    #[command(after_help = "Example:\n  oapigen surface openapi.yaml > api.surface")]
    Surface {
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Print the OpenAPI 3.0 document (JSON) that a Swagger 2.0 SPEC is read as.
    ///
    /// The other commands read 2.0 this way, and place what they find in the 2.0 text. A 3.x
    /// spec is printed as it was read, its other files bundled in.
    #[command(after_help = "Example:\n  oapigen upgrade swagger.json > openapi.json")]
    Upgrade {
        /// The spec: JSON or YAML.
        spec: PathBuf,
    },
    /// Compare two versions of a spec.
    ///
    /// Prints every change with its JSON pointer, old and new value, whether it breaks a
    /// client, and the generated Rust items it touches.
    #[command(after_help = "Examples:\n  \
        oapigen diff old/openapi.yaml openapi.yaml\n  \
        oapigen diff v1.json v2.json --format markdown > CHANGES.md\n  \
        oapigen diff v1.json v2.json --fail-on-breaking")]
    Diff {
        /// The old version.
        old: PathBuf,
        /// The new version.
        new: PathBuf,
        /// How to print the report: text, markdown (for a pull request) or json (for tools).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Exit with status 1 when any change breaks a client.
        #[arg(long)]
        fail_on_breaking: bool,
        /// An oapigen.toml with per-spec settings, for both versions.
        #[arg(long, value_name = "FILE")]
        settings: Option<PathBuf>,
    },
}

/// The spec and how to read it.
#[derive(Args)]
struct SpecArgs {
    /// The spec: JSON or YAML, OpenAPI 3.0 or 3.1, or Swagger 2.0.
    spec: PathBuf,
    /// The module the API is generated into; the crate has one Cargo feature of the same
    /// name, on by default.
    #[arg(long, value_name = "MODULE", default_value = "api")]
    module: String,
    /// An oapigen.toml with per-spec settings (secret properties, envelope, auth); its `spec`
    /// and `module` keys may be left out, and are ignored in favour of SPEC and --module.
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,
    /// Treat warnings as errors (also `deny-warnings = true` in the settings).
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to colour what is written to `stream` (stdout or stderr).
    fn enabled(self, stream: &impl IsTerminal) -> bool {
        match self {
            Color::Auto => stream.is_terminal(),
            Color::Always => true,
            Color::Never => false,
        }
    }
}

/// Prints errors and warnings on stderr, as the command line asked: with the source lines of
/// the files they are in, or as JSON.
struct Reporter {
    format: MessageFormat,
    style: oapigen::diagnostic::Style,
    /// Each file read, by the name diagnostics give it, with its text.
    sources: Vec<Source>,
}

impl Reporter {
    fn new(cli: &Cli) -> Self {
        let style = if cli.color.enabled(&std::io::stderr()) {
            oapigen::diagnostic::Style::Color
        } else {
            oapigen::diagnostic::Style::Plain
        };
        Reporter {
            format: cli.message_format,
            style,
            sources: Vec::new(),
        }
    }

    /// Prints a problem that is in no spec (a file that cannot be read, a denial): after
    /// `oapigen: error:`, or as a JSON object with no place.
    fn message(&self, message: &str) {
        match self.format {
            MessageFormat::Json => {
                let object = serde_json::json!({
                    "severity": "error",
                    "message": message,
                    "file": null,
                    "line": null,
                    "column": null,
                    "pointer": null,
                });
                eprintln!("{object}");
            }
            MessageFormat::Human => eprintln!("oapigen: error: {message}"),
        }
    }

    /// Prints the diagnostics and, as cargo does, a line that counts them.
    fn print(&self, diagnostics: &[oapigen::Diagnostic]) {
        if diagnostics.is_empty() {
            return;
        }
        match self.format {
            MessageFormat::Json => {
                for diagnostic in diagnostics {
                    eprintln!("{}", diagnostic.to_json());
                }
            }
            MessageFormat::Human => {
                let text_of = |file: &str| {
                    self.sources
                        .iter()
                        .find(|s| s.name == file)
                        .map(|s| s.text.as_str())
                };
                let text = oapigen::diagnostic::render_all(diagnostics, text_of, self.style);
                eprintln!("{text}");
            }
        }
    }

    /// Prints the problems of a spec, warnings included; fails when there is an error, or a
    /// warning the settings deny.
    fn report(&self, result: Result<oapigen::ir::Api, oapigen::Diagnostics>) -> ExitCode {
        match result {
            Ok(api) => {
                self.print(&api.warnings);
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                self.print(&diagnostics.0);
                if diagnostics.error_count() == 0 {
                    self.message("warnings are denied (--deny-warnings or `deny-warnings`)");
                }
                ExitCode::FAILURE
            }
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut reporter = Reporter::new(&cli);
    match run(cli, &mut reporter) {
        Ok(code) | Err(Stop::Reported(code)) => code,
        Err(Stop::Usage(message)) => {
            reporter.message(&message);
            ExitCode::from(2)
        }
    }
}

/// Why a command stopped early.
enum Stop {
    /// The command line is wrong, or a file cannot be read or written (exit status 2).
    Usage(String),
    /// The spec has problems, which were printed; the exit status to end with.
    Reported(ExitCode),
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Stop::Usage(message)
    }
}

fn run(cli: Cli, reporter: &mut Reporter) -> Result<ExitCode, Stop> {
    match cli.command {
        Command::Check { spec } => {
            let input = read_input(reporter, &spec)?;
            Ok(reporter.report(oapigen::parse_api(&input).inspect(|api| {
                if api.warnings.is_empty() {
                    println!("{}: no problems found", input.source.name);
                }
            })))
        }
        Command::Upgrade { spec } => {
            let input = read_input(reporter, &SpecArgs::plain(spec))?;
            match oapigen::upgraded_document(&input) {
                Ok((document, warnings)) => {
                    reporter.print(&warnings);
                    let text = serde_json::to_string_pretty(&document)
                        .map_err(|e| Stop::Usage(format!("cannot write the document: {e}")))?;
                    println!("{text}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(diagnostics) => Ok(reporter.report(Err(diagnostics))),
            }
        }
        Command::Surface { spec } => {
            let input = read_input(reporter, &spec)?;
            Ok(reporter.report(
                oapigen::parse_api(&input).inspect(|api| print!("{}", oapigen::surface(api))),
            ))
        }
        Command::Generate { spec, out, name } => generate(reporter, &spec, &out, name),
        Command::Diff {
            old,
            new,
            format,
            fail_on_breaking,
            settings,
        } => {
            let mut input = |path: &Path| {
                let args = SpecArgs {
                    settings: settings.clone(),
                    ..SpecArgs::plain(path.to_path_buf())
                };
                read_input(reporter, &args)
            };
            let (old, new) = (input(&old)?, input(&new)?);
            let report = match oapigen::diff::diff(&old, &new) {
                Ok(report) => report,
                Err(diagnostics) => return Ok(reporter.report(Err(diagnostics))),
            };
            let format = match format {
                ReportFormat::Text => oapigen::diff::Format::Text,
                ReportFormat::Markdown => oapigen::diff::Format::Markdown,
                ReportFormat::Json => oapigen::diff::Format::Json,
            };
            let color =
                format == oapigen::diff::Format::Text && cli.color.enabled(&std::io::stdout());
            print!("{}", report.render(format, color));
            Ok(if fail_on_breaking && report.has_breaking() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

impl SpecArgs {
    /// A spec read with the default settings.
    fn plain(spec: PathBuf) -> Self {
        SpecArgs {
            spec,
            module: "api".to_owned(),
            settings: None,
            deny_warnings: false,
        }
    }
}

fn generate(
    reporter: &mut Reporter,
    spec: &SpecArgs,
    out: &Path,
    name: Option<String>,
) -> Result<ExitCode, Stop> {
    let input = read_input(reporter, spec)?;
    // The command that wrote the crate, from what was parsed (global flags may come first).
    let mut arguments = vec![
        spec.spec.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    if let Some(name) = &name {
        arguments.extend(["--name".to_owned(), name.clone()]);
    }
    if spec.module != "api" {
        arguments.extend(["--module".to_owned(), spec.module.clone()]);
    }
    if let Some(settings) = &spec.settings {
        arguments.extend(["--settings".to_owned(), settings.display().to_string()]);
    }
    if spec.deny_warnings {
        arguments.push("--deny-warnings".to_owned());
    }
    let name =
        name.unwrap_or_else(|| oapigen::naming::crate_name(&spec.spec.display().to_string()));
    let settings = CrateSettings {
        description: format!(
            "Typed client for {}, generated by oapigen",
            input.source.name
        ),
        name,
        version: "0.1.0".to_owned(),
        regenerate_command: format!("oapigen generate {}", arguments.join(" ")),
        own_workspace: true,
        group_features: true,
    };
    let api = match oapigen::parse_api(&input) {
        Ok(api) => api,
        Err(diagnostics) => return Ok(reporter.report(Err(diagnostics))),
    };
    reporter.print(&api.warnings);
    let files = match oapigen::generate_crate_from(&settings, std::slice::from_ref(&api)) {
        Ok(files) => files,
        Err(diagnostics) => return Ok(reporter.report(Err(diagnostics))),
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
    // Files an older oapigen wrote there and this one does not (a module of an API that is
    // gone, `src/runtime.rs` before the runtime became a folder) are removed; files written
    // by hand are left alone.
    let existing: Vec<(String, String)> = rust_files(&out.join("src"))
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let relative = path.strip_prefix(out).ok()?.to_str()?.replace('\\', "/");
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
        // Folders left empty go too (a group's `models/`, an API's folder), up to `src/`; one
        // with other files stays, and removing it fails.
        let src = out.join("src");
        for folder in path
            .ancestors()
            .skip(1)
            .take_while(|folder| *folder != src.as_path())
        {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
    println!(
        "oapigen: {} files in {} ({written} written, {} stale removed)",
        files.len(),
        out.display(),
        stale.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads a spec, its other files and its settings. A problem in them (a file its `$ref`s name
/// that cannot be read or parsed) is printed with the others.
fn read_input(reporter: &mut Reporter, options: &SpecArgs) -> Result<ApiInput, Stop> {
    if let Some(problem) = oapigen::naming::module_name_problem(&options.module) {
        return Err(Stop::Usage(format!("--module: {problem}")));
    }
    let read = oapigen::build::read_spec(
        &options.spec,
        options.settings.as_deref(),
        Some(&options.module),
        options.deny_warnings,
        &mut Vec::new(),
    );
    match read {
        Ok(input) => {
            reporter.sources.push(input.source.clone());
            reporter.sources.extend(input.files.iter().cloned());
            Ok(input)
        }
        Err(oapigen::build::Error::Spec(rendered)) => {
            reporter.sources.extend(rendered.sources);
            let problems = oapigen::Diagnostics(rendered.diagnostics);
            Err(Stop::Reported(reporter.report(Err(problems))))
        }
        // What was given is wrong: shown with its lines, and a usage error.
        Err(oapigen::build::Error::Input(rendered)) => {
            reporter.sources.extend(rendered.sources);
            reporter.print(&rendered.diagnostics);
            Err(Stop::Reported(ExitCode::from(2)))
        }
        Err(
            oapigen::build::Error::Io(message)
            | oapigen::build::Error::Usage(message)
            | oapigen::build::Error::Internal(message),
        ) => Err(Stop::Usage(message)),
    }
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
