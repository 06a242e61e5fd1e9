//! Stage 1: the bytes of a spec file to a JSON value, from JSON or YAML.
//!
//! This file has what a spec file is ([`Source`], [`Format`]) and [`load`], which reads JSON
//! with `serde_json`; YAML is read by `yaml`, where what a plain scalar means is `scalar`'s.
//! Placing a pointer of a source at its line and column is `locate`'s.

mod scalar;
mod yaml;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location};

/// How a spec is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (a superset of JSON, read by a YAML parser).
    Yaml,
}

impl Format {
    /// Guesses the format from the file name, then from the first character of the text.
    pub fn detect(file_name: &str, text: &str) -> Self {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Self::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Self::Yaml
        } else if text.trim_start().starts_with('{') {
            Self::Json
        } else {
            Self::Yaml
        }
    }
}

/// The mark some editors write at the start of a UTF-8 file.
const BYTE_ORDER_MARK: char = '\u{feff}';

/// A spec file: its name (used in diagnostics) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name shown in diagnostics.
    pub name: String,
    /// The whole text.
    pub text: String,
    /// JSON or YAML.
    pub format: Format,
}

impl Source {
    /// A source whose format is detected from its name and content. A leading byte order
    /// mark (U+FEFF, which some Windows editors write) is left out of the text: neither
    /// parser accepts it, and it is no column of the first line.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let mut text = text.into();
        if text.starts_with(BYTE_ORDER_MARK) {
            text.drain(..BYTE_ORDER_MARK.len_utf8());
        }
        let format = Format::detect(&name, &text);
        Self { name, text, format }
    }
}

/// Parses the text. Both parsers bound nesting depth, and the YAML reader bounds alias
/// expansion, so hostile input fails with an error instead of exhausting the stack or memory.
///
/// Numbers outside 64 bits are read as floating point (`f64`), in JSON and in YAML alike; a
/// number that is not finite even then (`1e400`, YAML's `.inf` and `.nan`) is an error.
pub fn load(source: &Source) -> Result<Value, Diagnostic> {
    match source.format {
        Format::Json => serde_json::from_str(&source.text).map_err(|e| {
            let place = char_position(&source.text, e.line(), e.column());
            // serde_json ends its message with its own line and column (in bytes, and at the
            // next line for the end of one); the diagnostic's place is the one to read.
            let message = e.to_string();
            let own_place = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&own_place).unwrap_or(&message);
            error_at(
                source,
                String::new(),
                place,
                format!("invalid JSON: {message}"),
            )
        }),
        Format::Yaml => yaml::load_yaml(source),
    }
}

/// The 1-based line and column, in characters, of where serde_json stopped. Its column counts
/// the bytes read on the line, so it stopped at the column-th byte, which may be the first of
/// a character of several bytes (the character is meant, not the one before it). Column 0
/// means it stopped at the line break that ends the line before: the end of that line (or the
/// start of an empty text).
fn char_position(text: &str, line: usize, byte_column: usize) -> (usize, usize) {
    if byte_column == 0 {
        return match line.checked_sub(2).and_then(|i| text.lines().nth(i)) {
            Some(before) => (line - 1, before.chars().count() + 1),
            None => (line.max(1), 1),
        };
    }
    let Some(line_text) = text.lines().nth(line.saturating_sub(1)) else {
        return (line.max(1), byte_column);
    };
    let mut start = (byte_column - 1).min(line_text.len());
    while !line_text.is_char_boundary(start) {
        start -= 1;
    }
    (line.max(1), line_text[..start].chars().count() + 1)
}

/// An error at a 1-based line and column.
fn error_at(
    source: &Source,
    pointer: String,
    (line, column): (usize, usize),
    message: String,
) -> Diagnostic {
    Diagnostic::error(
        message,
        Location {
            file: source.name.clone(),
            pointer,
            line: Some(line),
            column: Some(column),
        },
    )
}

#[cfg(test)]
mod tests;
