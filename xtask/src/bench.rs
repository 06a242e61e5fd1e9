//! `cargo xtask bench`: times each stage of generation on the corpus and on this workspace's
//! specs, and prints the median of several runs. Run it optimised:
//! `cargo run --release -p xtask -- bench`.

use std::path::Path;
use std::time::{Duration, Instant};

use oapigen::ApiInput;

/// One spec's timings.
pub struct Timing {
    pub spec: String,
    pub bytes: usize,
    /// Reading, normalising, validating and lowering.
    pub parse: Duration,
    /// Emitting and formatting the module.
    pub emit: Duration,
    pub lines: usize,
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// Times `runs` runs of each stage for every corpus spec and every spec in `specs/` whose name
/// contains one of `only` (all of them when `only` is empty).
pub fn run(root: &Path, runs: usize, only: &[String]) -> Result<Vec<Timing>, String> {
    let mut inputs: Vec<ApiInput> = Vec::new();
    inputs.extend(
        crate::corpus::corpus_inputs(root)?
            .into_iter()
            .map(|(_, input)| input),
    );
    inputs.extend(crate::read_inputs(root)?);
    let baselines = swagger2_baselines(&inputs)?;
    inputs.extend(baselines);
    if !only.is_empty() {
        inputs.retain(|input| only.iter().any(|o| input.source.name.contains(o.as_str())));
        if inputs.is_empty() {
            return Err(format!(
                "bench: no spec's name contains {}",
                only.join(" or ")
            ));
        }
    }
    let mut timings = Vec::new();
    for input in &inputs {
        let mut parse = Vec::new();
        let mut emit = Vec::new();
        let mut lines = 0;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let api = oapigen::parse_api(input).map_err(|d| d.to_string())?;
            parse.push(started.elapsed());
            let started = Instant::now();
            let files =
                oapigen::generate_module(&api, "cargo xtask bench").map_err(|d| d.to_string())?;
            emit.push(started.elapsed());
            lines = files.iter().map(|f| f.contents.lines().count()).sum();
        }
        timings.push(Timing {
            spec: input.source.name.clone(),
            bytes: input.source.text.len(),
            parse: median(parse),
            emit: median(emit),
            lines,
        });
    }
    Ok(timings)
}

/// For each Swagger 2.0 spec, two baselines timed in the same run: the 2.0 document written as
/// JSON, and the OpenAPI 3.0 document it upgrades to, as JSON (its other files bundled in).
/// Between the two is the cost of the upgrade; between the spec and the first, the cost of
/// its format (YAML reads slower than JSON).
fn swagger2_baselines(inputs: &[ApiInput]) -> Result<Vec<ApiInput>, String> {
    let mut baselines = Vec::new();
    for input in inputs {
        let value = oapigen::load::load(&input.source).map_err(|d| d.to_string())?;
        if value.get("swagger").is_none() {
            continue;
        }
        let as_json = |value: &serde_json::Value| {
            serde_json::to_string(value).map_err(|e| format!("{}: {e}", input.source.name))
        };
        // Named so that JSON is read, in the same folder as the spec (for its other files).
        let mut same = input.clone();
        same.source = oapigen::Source::new(
            format!("{} (2.0, as JSON).json", input.source.name),
            as_json(&value)?,
        );
        let (upgraded, _) = oapigen::upgraded_document(input).map_err(|d| d.to_string())?;
        let mut upgraded_input = input.clone();
        upgraded_input.files.clear();
        upgraded_input.source = oapigen::Source::new(
            format!("{} (upgraded to 3.0, as JSON).json", input.source.name),
            as_json(&upgraded)?,
        );
        baselines.push(same);
        baselines.push(upgraded_input);
    }
    Ok(baselines)
}

/// The timings as a Markdown table.
pub fn table(timings: &[Timing]) -> String {
    let mut out = String::from(
        "| spec | size | parse + validate + lower | emit + format | total | lines |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for t in timings {
        out.push_str(&format!(
            "| {} | {:.0} KB | {:.1} ms | {:.1} ms | {:.1} ms | {} |\n",
            t.spec,
            t.bytes as f64 / 1024.0,
            t.parse.as_secs_f64() * 1000.0,
            t.emit.as_secs_f64() * 1000.0,
            (t.parse + t.emit).as_secs_f64() * 1000.0,
            t.lines
        ));
    }
    out
}
