//! The diff report as text, Markdown or JSON.

use std::fmt::Write as _;

use super::{Change, Report, Severity};

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text, grouped by operation and schema.
    Text,
    /// Markdown, for a pull request.
    Markdown,
    /// JSON, for tools.
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format `{other}` (text, markdown or json)")),
        }
    }
}

fn counts(report: &Report) -> (usize, usize, usize) {
    let count = |s: Severity| report.changes.iter().filter(|c| c.severity == s).count();
    (
        count(Severity::Breaking),
        count(Severity::Absorbed),
        count(Severity::NonBreaking),
    )
}

fn summary(report: &Report) -> String {
    let (breaking, absorbed, fine) = counts(report);
    if report.changes.is_empty() {
        return "no changes".to_owned();
    }
    format!(
        "{} change(s): {breaking} breaking, {absorbed} absorbed by the generated code, {fine} non-breaking",
        report.changes.len()
    )
}

fn values(change: &Change) -> String {
    match (&change.old, &change.new) {
        (Some(old), Some(new)) => format!("`{old}` -> `{new}`"),
        (Some(old), None) => format!("`{old}` removed"),
        (None, Some(new)) => format!("`{new}` added"),
        (None, None) => String::new(),
    }
}

/// The Cargo features a change's code is in, for a heading: ` (feature `a`)`; nothing for none.
fn features(change: &Change) -> String {
    let names: Vec<String> = change.features.iter().map(|f| format!("`{f}`")).collect();
    match names.len() {
        0 => String::new(),
        1 => format!(" (feature {})", names[0]),
        _ => format!(" (features {})", names.join(", ")),
    }
}

/// Text grouped by operation and schema; `color` marks severities with ANSI colours.
pub(super) fn text(report: &Report, color: bool) -> String {
    let paint = |severity: Severity, text: &str| -> String {
        if !color {
            return text.to_owned();
        }
        let code = match severity {
            Severity::Breaking => "31",
            Severity::Absorbed => "33",
            Severity::NonBreaking => "32",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    };
    let mut out = String::new();
    let mut group = None;
    for change in &report.changes {
        if group != Some(&change.group) {
            let _ = writeln!(out, "\n{}{}", change.group, features(change));
            group = Some(&change.group);
        }
        let marker = match change.severity {
            Severity::Breaking => "BREAKING",
            Severity::Absorbed => "absorbed",
            Severity::NonBreaking => "ok",
        };
        let place = if change.place.is_empty() {
            String::new()
        } else {
            format!(" {}:", change.place)
        };
        let _ = writeln!(
            out,
            "  [{}] {}{place} {}",
            paint(change.severity, marker),
            change.kind,
            values(change)
        );
        let _ = writeln!(out, "      why: {}", change.reason);
        let _ = writeln!(out, "      at:  #{}", change.pointer);
        for rust in &change.rust {
            let note = rust
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let _ = writeln!(out, "      rust: {} {}{note}", rust.item, rust.change);
        }
    }
    let _ = writeln!(out, "\n{}", summary(report));
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown section with one table row per change.
pub(super) fn markdown(report: &Report) -> String {
    let mut out = format!("### API changes\n\n{}\n", summary(report));
    if report.changes.is_empty() {
        return out;
    }
    out.push_str("\n| | where | change | values | generated Rust |\n|---|---|---|---|---|\n");
    for change in &report.changes {
        let icon = match change.severity {
            Severity::Breaking => "🔴 breaking",
            Severity::Absorbed => "🟡 absorbed",
            Severity::NonBreaking => "🟢",
        };
        let place = if change.place.is_empty() {
            format!("{}{}", change.group, features(change))
        } else {
            format!("{}{} › {}", change.group, features(change), change.place)
        };
        let rust: Vec<String> = change
            .rust
            .iter()
            .map(|r| format!("`{}` {}", r.item, r.change))
            .collect();
        let _ = writeln!(
            out,
            "| {icon} | {} | `{}`: {} | {} | {} |",
            cell(&place),
            change.kind,
            cell(&change.reason),
            cell(&values(change)),
            cell(&rust.join("; "))
        );
    }
    out
}

/// JSON: `{ "summary": {...}, "changes": [...] }`.
pub(super) fn json(report: &Report) -> String {
    let (breaking, absorbed, fine) = counts(report);
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind,
                "severity": match c.severity {
                    Severity::Breaking => "breaking",
                    Severity::Absorbed => "absorbed",
                    Severity::NonBreaking => "non-breaking",
                },
                "group": c.group,
                "features": c.features,
                "place": c.place,
                "pointer": c.pointer,
                "old": c.old,
                "new": c.new,
                "reason": c.reason,
                "rust": c.rust.iter().map(|r| serde_json::json!({
                    "item": r.item,
                    "change": r.change.to_string(),
                    "note": r.note,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "summary": { "breaking": breaking, "absorbed": absorbed, "non_breaking": fine },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
