//! The generator of another git revision, for measurements side by side with this tree's
//! (`compile-cost --baseline`, `bench --baseline`): its `oapigen` binary, built optimised in a
//! worktree of its own that is kept between runs.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The `oapigen` binary of revision `rev`, built under `work` (`baseline-src` holds the
/// worktree, `baseline-target` the build). `task` names the xtask in what it prints.
pub fn generator(root: &Path, work: &Path, rev: &str, task: &str) -> Result<PathBuf, String> {
    let tree = work.join("baseline-src");
    let commit = git(root, &["rev-parse", &format!("{rev}^{{commit}}")])?;
    // Only a worktree of its own counts: in a folder that is not one, git answers for the
    // repository around it.
    let own = git(&tree, &["rev-parse", "--show-toplevel"]).is_ok_and(|top| {
        Path::new(&top) == tree || fs::canonicalize(&tree).is_ok_and(|t| t == Path::new(&top))
    });
    let current = own
        .then(|| git(&tree, &["rev-parse", "HEAD"]).ok())
        .flatten();
    if current.as_deref() != Some(commit.as_str()) {
        let _ = git(
            root,
            &["worktree", "remove", "--force", &tree.display().to_string()],
        );
        let _ = fs::remove_dir_all(&tree);
        git(
            root,
            &[
                "worktree",
                "add",
                "--detach",
                &tree.display().to_string(),
                &commit,
            ],
        )?;
    }
    println!("{task}: building the generator of {rev} ({commit:.10})");
    build(&tree, &work.join("baseline-target"))
        .map_err(|e| format!("the generator of {rev} does not build: {e}"))
}

/// Generates the crate for `spec` into an empty `dir` with the `oapigen` binary `binary` and
/// the further arguments `args`; how long it took.
pub fn generate(
    binary: &Path,
    spec: &Path,
    dir: &Path,
    args: &[&OsStr],
) -> Result<Duration, String> {
    let _ = fs::remove_dir_all(dir);
    let mut command = Command::new(binary);
    command
        .arg("generate")
        .arg(spec)
        .arg("--out")
        .arg(dir)
        .args(args);
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let took = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "{} failed on {}:\n{}",
            binary.display(),
            spec.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(took)
}

/// Builds the `oapigen` binary of the workspace at `tree`, optimised, into `target`.
pub fn build(tree: &Path, target: &Path) -> Result<PathBuf, String> {
    let status = Command::new(crate::cargo())
        .args(["build", "--release", "-p", "oapigen", "--bin", "oapigen"])
        .current_dir(tree)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("cargo build failed in {}", tree.display()));
    }
    Ok(target.join("release").join("oapigen"))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    } else {
        Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
