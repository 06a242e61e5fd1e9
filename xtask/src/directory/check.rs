//! Type-checking the batch workspaces with one `cargo check` each, and reading each crate's
//! verdict from cargo's JSON messages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::progress::Progress;

use serde_json::Value;

use super::{
    COMMAND, Check, FIRST_ERROR_CHARS, Generation, Options, SpecRecord, batch_dir, cause_key,
    directory_dir, duration,
};

/// Type-checks every batch of generated crates and records each crate's verdict. Returns the
/// number of batches checked.
pub(super) fn check_all(
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
        let outcome = cargo_check(&dir, &target, options.jobs, &names)?;
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
    crate::write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    crate::copy_lock(root, dir)
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

/// Runs `cargo check` on the batch workspace in `dir`, reading cargo's messages as they come
/// so that a long batch shows how far it got: a line every minute, with the crates of the
/// batch (`members`) checked so far.
fn cargo_check(
    dir: &Path,
    target: &Path,
    jobs: usize,
    members: &[&str],
) -> Result<CargoOutcome, String> {
    let mut child = Command::new(crate::cargo())
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
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    // Standard error is read on its own thread, so that neither pipe fills while the other is
    // read.
    let mut stderr_pipe = child
        .stderr
        .take()
        .ok_or("cargo's standard error is not piped")?;
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let stdout = child
        .stdout
        .take()
        .ok_or("cargo's standard output is not piped")?;
    let mut outcome = CargoOutcome::default();
    let members: HashSet<String> = members.iter().map(|m| m.replace('-', "_")).collect();
    let progress = Progress::new(
        "  crates of the batch checked",
        members.len() as u64,
        std::time::Duration::from_secs(60),
    );
    let mut done = 0;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("cannot read cargo's output: {e}"))?;
        outcome.read(&line);
        let now = members
            .iter()
            .filter(|m| outcome.checked.contains(*m) || outcome.errors.contains_key(*m))
            .count();
        for _ in done..now {
            progress.step("");
        }
        done = now;
    }
    progress.finish();
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for cargo: {e}"))?;
    outcome.stderr = stderr_reader
        .join()
        .map_err(|_| "the thread reading cargo's standard error panicked")?;
    if !status.success() {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
