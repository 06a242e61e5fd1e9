//! `cargo xtask diff`: what changed in the specs since a git revision, before regenerating.

use std::path::Path;
use std::process::Command;

use oapigen::diff::{Format, Report};
use oapigen::{ApiInput, ApiSettings, Source};

/// Why `cargo xtask diff` stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// The command line is wrong: a revision git does not know, an API `specs/` does not
    /// have, a file that cannot be read (exit status 2).
    Usage(String),
    /// A spec has errors, or git could not be run (exit status 1).
    Failed(String),
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::Failed(message)
    }
}

/// Checks that git knows `rev` as a commit (a mistyped `--against` would otherwise find no
/// spec there, and report every API as new).
fn verify_revision(root: &Path, rev: &str) -> Result<(), Error> {
    let output = Command::new("git")
        .args([
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .current_dir(root)
        .output()
        .map_err(|e| Error::Failed(format!("cannot run git: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--against {rev}: git knows no commit by that name (a branch, tag or commit, as \
             `git rev-parse --verify` takes)"
        )))
    }
}

/// A spec file's text at a git revision (one [`verify_revision`] accepted), or `None` if it
/// did not exist there.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<Option<String>, String> {
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout)
            .map(Some)
            .map_err(|e| format!("{path} at {rev} is not UTF-8: {e}"))
    } else {
        Ok(None)
    }
}

/// One API's report: its folder name and what changed.
pub struct ApiDiff {
    pub api: String,
    pub report: Option<Report>,
}

/// Compares each API in `specs/` (or only `only`) at `rev` with the working tree.
pub fn against_rev(root: &Path, rev: &str, only: Option<&str>) -> Result<Vec<ApiDiff>, Error> {
    verify_revision(root, rev)?;
    let mut out = Vec::new();
    for new in crate::read_inputs(root)? {
        let folder = new
            .source
            .name
            .trim_start_matches("specs/")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        if only.is_some_and(|o| o != folder && o != new.settings.module) {
            continue;
        }
        let Some(text) = git_show(root, rev, &new.source.name)? else {
            out.push(ApiDiff {
                api: folder,
                report: None,
            });
            continue;
        };
        let source = Source::new(new.source.name.clone(), text);
        let files = oapigen::gather_files(&source, |path| {
            git_show(root, rev, path)?.ok_or_else(|| format!("{path} does not exist at {rev}"))
        })
        .map_err(|e| {
            let sources = std::iter::once(&source).chain(&e.files);
            crate::render_problems(&e.diagnostics, sources)
        })?;
        let old = ApiInput {
            source,
            settings: new.settings.clone(),
            files,
        };
        let report = oapigen::diff::diff(&old, &new)
            .map_err(|d| crate::render_problems(&d, sources(&old).chain(sources(&new))))?;
        out.push(ApiDiff {
            api: folder,
            report: Some(report),
        });
    }
    if let Some(only) = only {
        if out.is_empty() {
            return Err(Error::Usage(format!("no API `{only}` in specs/")));
        }
    }
    Ok(out)
}

/// Compares two spec files.
pub fn files(old: &Path, new: &Path) -> Result<Report, Error> {
    let input = |path: &Path| -> Result<ApiInput, Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("cannot read {name}: {e}")))?;
        let source = Source::new(name.clone(), text);
        let files = oapigen::gather_files(&source, |p| {
            std::fs::read_to_string(p).map_err(|e| e.to_string())
        })
        .map_err(|e| {
            let sources = std::iter::once(&source).chain(&e.files);
            let shown = crate::render_problems(&e.diagnostics, sources);
            // Another file that cannot be read is a usage error, as the file named is.
            if e.unreadable.is_empty() {
                Error::Failed(shown)
            } else {
                Error::Usage(shown)
            }
        })?;
        Ok(ApiInput {
            source,
            settings: ApiSettings::new(name, "api"),
            files,
        })
    };
    let (old, new) = (input(old)?, input(new)?);
    oapigen::diff::diff(&old, &new).map_err(|d| {
        Error::Failed(crate::render_problems(
            &d,
            sources(&old).chain(sources(&new)),
        ))
    })
}

/// A spec's files: the one named, then the others its `$ref`s name.
fn sources(input: &ApiInput) -> impl Iterator<Item = &Source> + Clone {
    std::iter::once(&input.source).chain(&input.files)
}

/// Renders the reports of several APIs.
pub fn render(diffs: &[ApiDiff], format: Format, color: bool) -> String {
    if format == Format::Json {
        let entries: Vec<String> = diffs
            .iter()
            .map(|d| {
                let report = d
                    .report
                    .as_ref()
                    .map_or("null".to_owned(), |r| r.render(Format::Json, false));
                format!("  {:?}: {}", d.api, report.trim_end().replace('\n', "\n  "))
            })
            .collect();
        return format!("{{\n{}\n}}\n", entries.join(",\n"));
    }
    let mut out = String::new();
    for d in diffs {
        let heading = match format {
            Format::Markdown => format!("## {}\n\n", d.api),
            _ => format!("=== {}\n", d.api),
        };
        out.push_str(&heading);
        match &d.report {
            Some(report) => out.push_str(&report.render(format, color)),
            None => out.push_str("a new API: no earlier version to compare with\n"),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_revision_is_a_usage_error_and_a_missing_file_is_none() {
        let root = crate::workspace_root();
        assert_eq!(verify_revision(&root, "HEAD"), Ok(()));
        let error = verify_revision(&root, "no-such-revision-of-oapigen").unwrap_err();
        assert!(
            matches!(&error, Error::Usage(m) if m.contains("no-such-revision-of-oapigen")),
            "{error:?}"
        );
        assert_eq!(
            git_show(&root, "HEAD", "specs/no-such-api/openapi.yaml"),
            Ok(None)
        );
        let readme = git_show(&root, "HEAD", "README.md").expect("git runs");
        assert!(readme.is_some_and(|text| text.starts_with("# oapigen")));
    }
}
