//! Which specs a run takes, the package name of each one's crate, and its batch.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::{Options, PACKAGE};

/// The specs the options ask for: those named with `--spec`, a sample, or all.
pub(super) fn pick(all: &[String], options: &Options) -> Result<Vec<String>, String> {
    if !options.specs.is_empty() {
        let mut specs = options.specs.clone();
        if let Some(unknown) = specs.iter().find(|s| all.binary_search(s).is_err()) {
            return Err(format!(
                "directory: {PACKAGE} has no spec {unknown} (paths look like api/github.com/api.github.com.json)"
            ));
        }
        specs.sort();
        specs.dedup();
        return Ok(specs);
    }
    Ok(match options.sample {
        Some(n) => sample(all, n, options.seed),
        None => all.to_vec(),
    })
}

/// The batch of each spec. The biggest specs (by file size, which follows the size of the
/// generated crate closely) go together in the first batch, the next biggest in the second,
/// and so on: a batch of crates of about the same size ends with both cores busy almost to the
/// end, where a batch with one giant among small crates could end with one core checking the
/// giant alone. The batches depend on the specs only, not on what the generator makes of them,
/// so a crate stays in its directory from one run to the next and cargo can reuse its check.
pub(super) fn assign_batches(
    package: &Path,
    specs: &[String],
    batch_size: usize,
) -> Result<Vec<usize>, String> {
    let mut sizes = Vec::with_capacity(specs.len());
    for (i, spec) in specs.iter().enumerate() {
        let path = package.join(spec);
        let size = fs::metadata(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .len();
        sizes.push((std::cmp::Reverse(size), i));
    }
    sizes.sort();
    let mut batches = vec![0; specs.len()];
    for (rank, (_, i)) in sizes.into_iter().enumerate() {
        batches[i] = rank / batch_size;
    }
    Ok(batches)
}

/// `n` specs picked at random, the same ones for the same seed on every machine (the list is
/// sorted first), in path order.
pub fn sample(specs: &[String], n: usize, seed: u64) -> Vec<String> {
    let mut pool = specs.to_vec();
    let n = n.min(pool.len());
    let mut random = crate::random::SplitMix64::new(seed);
    // A partial Fisher-Yates shuffle: the first n places get n distinct specs.
    for i in 0..n {
        let pick = i + (random.next_u64() % (pool.len() - i) as u64) as usize;
        pool.swap(i, pick);
    }
    pool.truncate(n);
    pool.sort();
    pool
}

/// A unique, valid package name for each spec, from its path (`api/amazonaws.com/ec2.json`
/// gives `amazonaws-com-ec2`); a name already taken gets `-2`, `-3`... Names in `reserved`
/// (the packages a crate may depend on) are taken from the start: a member called `http`
/// would clash with the dependency.
pub fn crate_names(paths: &[String], reserved: BTreeSet<String>) -> Vec<String> {
    let mut taken = reserved;
    paths
        .iter()
        .map(|path| {
            let stem = path.strip_prefix("api/").unwrap_or(path).replace('/', "-");
            let base = oapigen::naming::crate_name(&stem);
            let mut name = base.clone();
            let mut suffix = 2;
            // Cargo treats `-` and `_` alike in names, so they are compared alike here too.
            while !taken.insert(name.replace('_', "-")) {
                name = format!("{base}-{suffix}");
                suffix += 1;
            }
            name
        })
        .collect()
}

/// The packages of the workspace's lock file: every dependency a generated crate can have.
pub(super) fn reserved_names(root: &Path) -> BTreeSet<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    lock.lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .map(|name| name.trim_end_matches('"').replace('_', "-"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_fixed_by_the_seed() {
        let specs: Vec<String> = (0..100).map(|i| format!("api/{i:03}.json")).collect();
        let a = sample(&specs, 10, 7);
        assert_eq!(a, sample(&specs, 10, 7));
        assert_ne!(a, sample(&specs, 10, 8));
        assert_eq!(a.len(), 10);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample(&specs, 1000, 7).len(), 100);
    }

    #[test]
    fn crate_names_are_unique_and_avoid_dependencies() {
        let paths = [
            "api/a.b/c.json".to_owned(),
            "api/a-b/c.json".to_owned(),
            "api/http.json".to_owned(),
            "api/1forge.com.json".to_owned(),
        ];
        let reserved = BTreeSet::from(["http".to_owned()]);
        assert_eq!(
            crate_names(&paths, reserved),
            ["a-b-c", "a-b-c-2", "http-2", "api-1forge-com"]
        );
    }
}
