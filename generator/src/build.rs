//! Generation from a build script, in the spirit of prost-build: the one part of the library
//! that reads and writes files. A crate's `build.rs` names its specs; the generated modules are
//! written into `OUT_DIR`, with one file the crate includes at its root:
//!
//! ```no_run
//! // build.rs: `fn main() -> Result<(), oapigen::build::Error>`, so that a spec with errors
//! // fails the build and shows them.
//! oapigen::Builder::new()
//!     .spec("openapi.yaml")
//!     .module("petstore")
//!     .generate()?;
//! # Ok::<(), oapigen::build::Error>(())
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/oapigen.rs"));
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use quote::quote;

use crate::diagnostic::Style;
use crate::{ApiInput, ApiSettings, CrateSettings, Diagnostic, Source};

/// The name of the file in the output directory that the crate includes.
pub const ENTRY_FILE: &str = "oapigen.rs";

/// The folder of the output directory the modules are written into.
const MODULES: &str = "oapigen";

/// Generates API modules from a build script.
///
/// Each [`spec`](Builder::spec) adds an API; [`module`](Builder::module) and
/// [`settings`](Builder::settings) apply to the spec added last. The crate that includes the
/// output depends on `http`, `serde` and `serde_json` (and `chrono` when a spec has dates),
/// and gets each module's async `client` when it has a `client` feature that enables
/// `reqwest` and `tokio`, as the crate `oapigen generate` writes does.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    apis: Vec<Entry>,
    deny_warnings: bool,
    cargo_directives: Option<bool>,
    /// A call that needed a spec before it (`module` or `settings` first).
    misuse: Option<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    spec: PathBuf,
    module: Option<String>,
    settings: Option<PathBuf>,
}

impl Builder {
    /// A builder with no spec yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec (OpenAPI 3.0 or 3.1, or Swagger 2.0; JSON or YAML; the files its `$ref`s
    /// name are read too). Its module is named `api` unless [`module`](Builder::module) says.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.apis.push(Entry {
            spec: path.as_ref().to_path_buf(),
            module: None,
            settings: None,
        });
        self
    }

    /// The Rust module the last spec is generated into (by default the settings file's
    /// `module`, or `api`).
    pub fn module(mut self, name: impl Into<String>) -> Self {
        match self.apis.last_mut() {
            Some(entry) => entry.module = Some(name.into()),
            None => self.misuse = Some("`module` before any `spec`".to_owned()),
        }
        self
    }

    /// An `oapigen.toml` with settings for the last spec (secret properties, envelope, auth).
    pub fn settings(mut self, path: impl AsRef<Path>) -> Self {
        match self.apis.last_mut() {
            Some(entry) => entry.settings = Some(path.as_ref().to_path_buf()),
            None => self.misuse = Some("`settings` before any `spec`".to_owned()),
        }
        self
    }

    /// Fails the build on warnings (defects that were repaired) too, not only on errors.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every file read and `cargo:warning` for
    /// every warning. By default, only when run by cargo as a build script (`OUT_DIR` set).
    pub fn cargo_directives(mut self, print: bool) -> Self {
        self.cargo_directives = Some(print);
        self
    }

    /// Generates into the `OUT_DIR` cargo gives a build script.
    pub fn generate(self) -> Result<Generated, Error> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            Error::Usage("OUT_DIR is not set: `generate` runs in a build script".to_owned())
        })?;
        self.generate_to(out_dir)
    }

    /// Generates into `out_dir`: the modules under `out_dir/oapigen/`, and `out_dir/oapigen.rs`,
    /// which declares them for the crate to `include!`. Files whose content did not change are
    /// not rewritten, so cargo does not rebuild what did not change.
    pub fn generate_to(self, out_dir: impl AsRef<Path>) -> Result<Generated, Error> {
        let out_dir = out_dir.as_ref();
        let directives = self
            .cargo_directives
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        if let Some(misuse) = &self.misuse {
            return Err(Error::Usage(format!(
                "{misuse}: it applies to the spec added last"
            )));
        }
        if self.apis.is_empty() {
            return Err(Error::Usage("no spec given: call `spec` first".to_owned()));
        }
        let mut read: Vec<PathBuf> = Vec::new();
        let mut inputs: Vec<ApiInput> = Vec::new();
        for entry in &self.apis {
            let input = self.input(entry, &mut read)?;
            let module = &input.settings.module;
            if let Some(problem) = crate::naming::module_name_problem(module) {
                return Err(Error::Usage(problem));
            }
            if inputs.iter().any(|i| &i.settings.module == module) {
                return Err(Error::Usage(format!(
                    "two specs are generated into the module `{module}`: give each its own \
                     with `module`"
                )));
            }
            inputs.push(input);
        }
        if directives {
            for path in &read {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let sources: Vec<Source> = inputs
            .iter()
            .flat_map(|input| std::iter::once(&input.source).chain(&input.files))
            .cloned()
            .collect();
        let mut apis = Vec::new();
        let mut problems = Vec::new();
        for input in &inputs {
            match crate::parse_api(input) {
                Ok(api) => {
                    problems.extend(api.warnings.iter().cloned());
                    apis.push(api);
                }
                Err(diagnostics) => problems.extend(diagnostics.0),
            }
        }
        let failed = problems.iter().any(Diagnostic::is_error) || apis.len() < inputs.len();
        if failed {
            return Err(Error::Spec(Rendered::new(problems, &sources)));
        }
        if directives {
            for warning in &problems {
                println!("cargo:warning={warning}");
            }
        }
        let settings = CrateSettings {
            name: "oapigen-build".to_owned(),
            version: "0.0.0".to_owned(),
            description: "API modules generated by oapigen from a build script".to_owned(),
            regenerate_command: "cargo build (oapigen::Builder in build.rs)".to_owned(),
            own_workspace: false,
            group_features: false,
        };
        let files = crate::generate_crate_from(&settings, &apis)
            .map_err(|d| Error::Spec(Rendered::new(d.0, &sources)))?;
        let modules = out_dir.join(MODULES);
        let mut written = Vec::new();
        for file in &files {
            // The crate's own `src/lib.rs` and `Cargo.toml` are the including crate's business;
            // the modules are what is written.
            let Some(relative) = file.path.strip_prefix("src/") else {
                continue;
            };
            if relative == "lib.rs" {
                continue;
            }
            let path = modules.join(relative);
            write_if_changed(&path, &file.contents)?;
            written.push(path);
        }
        let entry = out_dir.join(ENTRY_FILE);
        write_if_changed(&entry, &entry_file(&modules, &apis)?)?;
        Ok(Generated {
            entry,
            modules: apis.iter().map(|api| api.module.clone()).collect(),
            files: written,
            warnings: problems,
        })
    }

    fn input(&self, entry: &Entry, read: &mut Vec<PathBuf>) -> Result<ApiInput, Error> {
        let settings = entry.settings.as_deref();
        let module = entry.module.as_deref();
        read_spec(&entry.spec, settings, module, self.deny_warnings, read)
    }
}

/// Reads a spec from disk, with the other files its `$ref`s name and its settings, as the
/// builder and the `oapigen` command line do. `module` wins over the settings file's `module`
/// key, which wins over `api`; the settings file's `spec` key, if it has one, is `spec`'s
/// name. Every file read is added to `read`.
pub fn read_spec(
    spec: &Path,
    settings: Option<&Path>,
    module: Option<&str>,
    deny_warnings: bool,
    read: &mut Vec<PathBuf>,
) -> Result<ApiInput, Error> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| Error::Io(format!("cannot read {}: {e}", spec.display())))?;
    read.push(spec.to_path_buf());
    let name = spec.display().to_string();
    let mut settings = match settings {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::Io(format!("cannot read {}: {e}", path.display())))?;
            read.push(path.to_path_buf());
            let file = path.display().to_string();
            ApiSettings::read(&file, &text).map_err(|d| {
                Error::Input(Rendered::new(vec![d], &[Source::new(file.clone(), text)]))
            })?
        }
        None => ApiSettings::new(name.clone(), "api"),
    };
    settings.spec = name.clone();
    match module {
        Some(module) => settings.module = module.to_owned(),
        None if settings.module.is_empty() => settings.module = "api".to_owned(),
        None => {}
    }
    settings.deny_warnings |= deny_warnings;
    let source = Source::new(name, text);
    let files = crate::gather_files(&source, |path| {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        read.push(PathBuf::from(path));
        Ok(text)
    })
    .map_err(|e| {
        let sources: Vec<Source> = std::iter::once(source.clone()).chain(e.files).collect();
        let rendered = Rendered::new(e.diagnostics.0, &sources);
        // A file that cannot be read is not a problem of the spec.
        if e.unreadable.is_empty() {
            Error::Spec(rendered)
        } else {
            Error::Input(rendered)
        }
    })?;
    Ok(ApiInput {
        source,
        settings,
        files,
    })
}

/// The file the crate includes: each module declared with the path it was written to, the
/// runtime first so that its macros are in scope in the API modules.
fn entry_file(modules: &Path, apis: &[crate::ir::Api]) -> Result<String, Error> {
    let path = |relative: &str| modules.join(relative).display().to_string();
    let runtime = path("runtime/mod.rs");
    // What the generated crate allows for all its modules (see `emit::crate_files::lib_rs`),
    // and `unexpected_cfgs`: the modules gate their async client on a `client` feature, which
    // an including crate without one simply does not get.
    let lints = crate::emit::crate_files::allowed_lints();
    let allow = quote!(#[allow(unexpected_cfgs, #lints)]);
    let apis = apis.iter().map(|api| {
        let module = crate::rust_type::ident(&api.module);
        let file = path(&format!("{}/mod.rs", api.module));
        quote! {
            #[path = #file]
            #allow
            pub mod #module;
        }
    });
    let tokens = quote! {
        #[macro_use]
        #[path = #runtime]
        #allow
        pub mod runtime;
        #(#apis)*
    };
    let file = crate::emit::SourceFile::whole(tokens).map_err(Error::Internal)?;
    let text = crate::render::rust_files(vec![file], "cargo build (oapigen::Builder in build.rs)")
        .map_err(Error::Internal)?
        .concat();
    Ok(text)
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Io(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(path, contents)
        .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))
}

/// What a build wrote.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The file to `include!` at the crate's root.
    pub entry: PathBuf,
    /// The module of each API, in the order the specs were given.
    pub modules: Vec<String>,
    /// Every file written under the output directory (or left as it was).
    pub files: Vec<PathBuf>,
    /// The warnings about repairs that were made.
    pub warnings: Vec<Diagnostic>,
}

/// Why a build failed. Its `Display` (and `Debug`, which `expect` and `?` in `main` print) is
/// the problems as rustc shows its own, with the lines of the specs.
pub enum Error {
    /// The specs have errors, or warnings that are denied.
    Spec(Rendered),
    /// What was given is wrong, not the specs: the settings file has errors, or a file that a
    /// spec's `$ref` names cannot be read. Shown as `Spec` is, with the lines.
    Input(Rendered),
    /// A file could not be read or written.
    Io(String),
    /// The builder was used wrongly (no spec, no `OUT_DIR`, a module name Rust refuses).
    Usage(String),
    /// A bug in oapigen.
    Internal(String),
}

/// Diagnostics with the text they are shown with.
pub struct Rendered {
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
    /// The files they are in, whose lines they show.
    pub sources: Vec<Source>,
    text: String,
}

impl Rendered {
    fn new(diagnostics: Vec<Diagnostic>, sources: &[Source]) -> Self {
        let text_of = |file: &str| {
            sources
                .iter()
                .find(|s| s.name == file)
                .map(|s| s.text.as_str())
        };
        let mut text = crate::diagnostic::render_all(&diagnostics, text_of, Style::Plain);
        if !diagnostics.iter().any(Diagnostic::is_error) {
            text.push_str("\nerror: warnings are denied (`deny_warnings` or `deny-warnings`)");
        }
        Rendered {
            diagnostics,
            sources: sources.to_vec(),
            text,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(rendered) | Error::Input(rendered) => {
                write!(f, "oapigen could not generate:\n\n{}", rendered.text)
            }
            Error::Io(message) | Error::Usage(message) | Error::Internal(message) => {
                write!(f, "oapigen: {message}")
            }
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
