//! The end of a run: the summary for a person, the JSON report for tools, and the verdict
//! against `--fail-under`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{Check, EXAMPLES, Generation, PACKAGE, Report, SpecRecord, duration};

impl Report {
    fn generated(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.generation, Generation::Generated { .. }))
            .count()
    }

    fn compiled(&self) -> usize {
        self.records
            .iter()
            .filter(|r| matches!(r.check, Check::Compiled))
            .count()
    }

    /// Generated specs, in percent of all specs run.
    pub fn generation_rate(&self) -> f64 {
        percent(self.generated(), self.records.len())
    }

    /// Compiled crates, in percent of the generated ones.
    pub fn compile_rate(&self) -> f64 {
        percent(self.compiled(), self.generated())
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The end of the run, for a person: the rates, the failures of each phase grouped by cause
/// with a few example specs, the slowest specs to generate, and the time of each phase.
pub fn summary(report: &Report) -> String {
    let records = &report.records;
    let total = records.len();
    let generated = report.generated();
    let mut out = match report.options.sample {
        Some(_) => format!(
            "\n{PACKAGE}: {total} specs (a sample of the {}, seed {})\n",
            report.specs_in_package, report.options.seed
        ),
        None => format!("\n{PACKAGE}: {total} specs\n"),
    };
    let with_warnings = records
        .iter()
        .filter(|r| matches!(r.generation, Generation::Generated { warnings } if warnings > 0))
        .count();
    let lines: usize = records.iter().map(|r| r.lines).sum();
    out.push_str(&format!(
        "generated: {generated}/{total} ({:.1}%), {with_warnings} of them with warnings; \
         {lines} lines of Rust\n",
        report.generation_rate()
    ));
    let generation_failures = records.iter().filter_map(|r| match &r.generation {
        Generation::Failed { cause, .. } => Some((cause.as_str(), r.path.as_str())),
        Generation::Generated { .. } => None,
    });
    out.push_str(&grouped("generation failures", generation_failures));
    if report.options.check {
        out.push_str(&check_summary(report));
    } else {
        out.push_str("checked: none (--no-check)\n");
    }
    out.push_str(&slowest(records));
    out.push_str(&format!(
        "time: fetch {}, generate {}, check {} ({} batch(es)), total {}\n",
        duration(report.fetch_time),
        duration(report.generate_time),
        duration(report.check_time),
        report.batches,
        duration(report.fetch_time + report.generate_time + report.check_time),
    ));
    out
}

fn check_summary(report: &Report) -> String {
    let records = &report.records;
    let checked = records
        .iter()
        .filter(|r| matches!(r.check, Check::Compiled | Check::Failed { .. }))
        .count();
    let too_big = records
        .iter()
        .filter(|r| matches!(r.check, Check::TooBig))
        .count();
    let mut out = format!(
        "checked (cargo check --all-features, warnings denied): {checked}\n\
         compiled: {}/{} generated ({:.1}%{})\n",
        report.compiled(),
        report.generated(),
        report.compile_rate(),
        if too_big > 0 {
            format!("; the {too_big} over --max-lines count as not compiled")
        } else {
            String::new()
        }
    );
    let failures = records.iter().flat_map(|r| match &r.check {
        Check::Failed { causes, .. } => causes
            .iter()
            .map(|c| (c.as_str(), r.path.as_str()))
            .collect(),
        _ => Vec::new(),
    });
    out.push_str(&grouped(
        "compile failures (a spec counts once under each of its causes)",
        failures,
    ));
    let unknown = records.iter().filter_map(|r| match &r.check {
        Check::Unknown(why) => Some((why.as_str(), r.path.as_str())),
        _ => None,
    });
    out.push_str(&grouped("not checked (cargo gave no verdict)", unknown));
    let too_big = format!(
        "over --max-lines {} (generated, not checked)",
        report.options.max_lines
    );
    let big = records
        .iter()
        .filter(|r| matches!(r.check, Check::TooBig))
        .map(|r| (too_big.as_str(), r.path.as_str()));
    out.push_str(&grouped("not checked", big));
    out
}

/// `(cause, spec)` pairs as a list of causes, the most frequent first, each with its count and
/// a few example specs.
fn grouped<'a>(title: &str, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut by_cause: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (cause, spec) in pairs {
        by_cause.entry(cause).or_default().push(spec);
    }
    if by_cause.is_empty() {
        return String::new();
    }
    let mut causes: Vec<(&str, Vec<&str>)> = by_cause.into_iter().collect();
    causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut out = format!(
        "{title}: {} spec(s), {} cause(s)\n",
        causes
            .iter()
            .flat_map(|(_, specs)| specs.iter())
            .collect::<BTreeSet<_>>()
            .len(),
        causes.len()
    );
    for (cause, specs) in causes {
        out.push_str(&format!("  {:>5}  {cause}\n", specs.len()));
        let examples: Vec<&str> = specs.iter().take(EXAMPLES).copied().collect();
        out.push_str(&format!("         e.g. {}\n", examples.join(", ")));
    }
    out
}

fn slowest(records: &[SpecRecord]) -> String {
    let mut by_time: Vec<&SpecRecord> = records.iter().collect();
    by_time.sort_by_key(|r| std::cmp::Reverse(r.generate_time));
    let mut out = String::from("slowest to generate:\n");
    for record in by_time.iter().take(10) {
        out.push_str(&format!(
            "  {:>8.0} ms  {}\n",
            record.generate_time.as_secs_f64() * 1000.0,
            record.path
        ));
    }
    out
}

/// The report as JSON: the run's settings, the rates and times, and one record per spec.
pub fn report_json(report: &Report) -> Value {
    let specs: Vec<Value> = report.records.iter().map(record_json).collect();
    json!({
        "package": PACKAGE,
        "specs_in_package": report.specs_in_package,
        "sample": report.options.sample,
        "seed": report.options.seed,
        "checked": report.options.check,
        "batch_size": report.options.batch_size,
        "max_lines": report.options.max_lines,
        "generation_rate": report.generation_rate(),
        "compile_rate": report.options.check.then(|| report.compile_rate()),
        "seconds": {
            "fetch": report.fetch_time.as_secs_f64(),
            "generate": report.generate_time.as_secs_f64(),
            "check": report.check_time.as_secs_f64(),
        },
        "specs": specs,
    })
}

fn record_json(record: &SpecRecord) -> Value {
    let generation = match &record.generation {
        Generation::Generated { warnings } => json!({ "ok": true, "warnings": warnings }),
        Generation::Failed { cause, message } => {
            json!({ "ok": false, "cause": cause, "message": message })
        }
    };
    let check = match &record.check {
        Check::NotRun => json!({ "status": "not run" }),
        Check::Compiled => json!({ "status": "ok" }),
        Check::Failed {
            causes,
            first_error,
        } => json!({ "status": "failed", "causes": causes, "first_error": first_error }),
        Check::Unknown(why) => json!({ "status": "no verdict", "causes": [why] }),
        Check::TooBig => json!({ "status": "not run", "causes": ["over --max-lines"] }),
    };
    json!({
        "path": record.path,
        "crate": record.crate_name,
        "batch": record.batch,
        "generation": generation,
        "generation_ms": record.generate_time.as_secs_f64() * 1000.0,
        "lines": record.lines,
        "check": check,
    })
}

/// Fails when `--fail-under` is given and a rate is below it.
pub fn verdict(report: &Report) -> Result<(), String> {
    let Some(floor) = report.options.fail_under else {
        return Ok(());
    };
    let mut rates = vec![("generation", report.generation_rate())];
    if report.options.check {
        rates.push(("compile", report.compile_rate()));
    }
    for (what, rate) in rates {
        if rate < floor {
            return Err(format!(
                "directory: the {what} rate, {rate:.1}%, is below --fail-under {floor}%"
            ));
        }
    }
    Ok(())
}
