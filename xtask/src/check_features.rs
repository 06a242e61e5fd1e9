//! `cargo xtask check-features`: every group of a spec's operations (a Cargo feature of its
//! crate) compiles alone, with no warnings; so do all of them, and pairs picked at random from
//! a seed. For each spec it generates the crate as `compile-cost` does, builds the dependencies
//! once, then runs `cargo check` of the crate for each set of features, warnings denied, and
//! prints how long each took.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::random::SplitMix64;

/// What to check.
pub struct Options {
    /// The specs (JSON or YAML files).
    pub specs: Vec<PathBuf>,
    /// How many groups, picked at random, to check alone: every group when `None`.
    pub alone: Option<usize>,
    /// How many pairs of groups, picked at random, to check besides the groups alone.
    pub pairs: usize,
    /// The seed the pairs are picked with.
    pub seed: u64,
}

/// The specs checked when none are named: the biggest of the corpus with groups.
pub const DEFAULT_SPECS: &[&str] = &[
    "../shared/corpus/stripe-spec3.json",
    "../shared/corpus/twilio_api_v2010.json",
];

/// One check: which spec, which features, and how it went.
pub struct Checked {
    pub spec: String,
    pub features: Vec<String>,
    pub took: Duration,
    /// The compiler's errors and warnings, when it failed.
    pub failure: Option<String>,
}

/// Checks every spec; prints a line as each check ends.
pub fn run(root: &Path, options: &Options) -> Result<Vec<Checked>, String> {
    let work = root.join("target").join("check-features");
    let mut checked = Vec::new();
    for spec in &options.specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{} has no file name", spec.display()))?;
        let name = format!("features-{}", oapigen::naming::crate_name(stem));
        let dir = work.join("crates").join(&name);
        crate::compile_cost::generate_current(spec, &dir, &name)?;
        crate::copy_lock(root, &dir)?;
        let manifest = crate::read(&dir.join("Cargo.toml"))?;
        let groups: Vec<String> = crate::features(&manifest)
            .into_iter()
            .filter(|f| f != "api" && f != "client")
            .collect();
        if groups.is_empty() {
            println!("check-features: {stem} has no groups of operations");
            continue;
        }
        let mut sets: Vec<Vec<String>> = vec![groups.clone()];
        let alone = match options.alone {
            Some(count) => some(&groups, count, options.seed),
            None => groups.clone(),
        };
        sets.extend(alone.into_iter().map(|g| vec![g]));
        sets.extend(pairs(&groups, options.pairs, options.seed));
        for features in sets {
            let started = Instant::now();
            let failure = check(&work, &dir, &features)?;
            let took = started.elapsed();
            let shown = match features.len() == groups.len() && groups.len() > 2 {
                true => format!("all {} groups", groups.len()),
                false => features.join(","),
            };
            println!(
                "check-features: {stem} [{shown}] {} in {:.1} s",
                if failure.is_none() { "ok" } else { "FAILED" },
                took.as_secs_f64()
            );
            checked.push(Checked {
                spec: stem.to_owned(),
                features,
                took,
                failure,
            });
        }
    }
    Ok(checked)
}

/// `count` distinct groups of `groups`, picked by a generator `seed` starts, in the order of
/// `groups` (all of them, if there are no more than that).
fn some(groups: &[String], count: usize, seed: u64) -> Vec<String> {
    let mut random = SplitMix64::new(seed);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < count.min(groups.len()) {
        let at = (random.next_u64() % groups.len() as u64) as usize;
        if !picked.contains(&at) {
            picked.push(at);
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|at| groups[at].clone()).collect()
}

/// `count` distinct pairs of `groups`, picked by a generator `seed` starts (all pairs, if
/// there are no more than that).
fn pairs(groups: &[String], count: usize, seed: u64) -> Vec<Vec<String>> {
    let n = groups.len();
    let possible = n * n.saturating_sub(1) / 2;
    let mut random = SplitMix64::new(seed);
    let mut picked: Vec<(usize, usize)> = Vec::new();
    while picked.len() < count.min(possible) {
        let a = (random.next_u64() % n as u64) as usize;
        let b = (random.next_u64() % n as u64) as usize;
        let pair = (a.min(b), a.max(b));
        if a != b && !picked.contains(&pair) {
            picked.push(pair);
        }
    }
    picked
        .into_iter()
        .map(|(a, b)| vec![groups[a].clone(), groups[b].clone()])
        .collect()
}

/// `cargo check` of the crate in `dir` with only `features`, warnings denied; the compiler's
/// output when it fails.
fn check(work: &Path, dir: &Path, features: &[String]) -> Result<Option<String>, String> {
    let cargo = crate::cargo();
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--no-default-features"])
        .arg(format!("--features={}", features.join(",")))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok((!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_distinct_fixed_by_the_seed_and_no_more_than_there_are() {
        let groups: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let picked = pairs(&groups, 3, 7);
        assert_eq!(picked, pairs(&groups, 3, 7));
        assert_eq!(picked.len(), 3);
        assert!(picked.iter().all(|p| p[0] < p[1]));
        assert_eq!(pairs(&groups, 100, 7).len(), 6);
    }

    #[test]
    fn groups_alone_are_distinct_fixed_by_the_seed_and_no_more_than_there_are() {
        let groups: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let picked = some(&groups, 2, 7);
        assert_eq!(picked, some(&groups, 2, 7));
        assert_eq!(picked.len(), 2);
        assert!(picked[0] < picked[1]);
        assert_eq!(some(&groups, 9, 7), groups);
    }
}
