//! Problems found in a spec, each with the place it was found.

use std::fmt;

use serde_json::Value;

/// Where in a spec a problem is: the file, the JSON pointer, and the line and column of the
/// pointed-at node when the source text lets us find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec's file name, as the caller named it.
    pub file: String,
    /// RFC 6901 JSON pointer into the document (`""` for the whole document).
    pub pointer: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, " (at #{})", self.pointer)?;
        }
        Ok(())
    }
}

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// No correct code can be generated for the construct; nothing is generated.
    Error,
    /// The construct had one evident repair, and it was made: the code is generated, and the
    /// user is told what was assumed.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// One problem with a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// An error, or a warning about a repair.
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Where it is.
    pub location: Location,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(message: impl Into<String>, location: Location) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location,
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.severity, self.message)
    }
}

/// Every problem a phase found, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// How many are errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// How many are warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// A problem before it is placed in a file: the pointer is enough while the pipeline runs, and
/// the line and column are looked up once, when the problem is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub severity: Severity,
    pub pointer: String,
    pub message: String,
}

impl Problem {
    /// An error: no correct code can be generated.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// A warning: the defect was repaired as `message` says.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::new(pointer, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether the value under `key` (in an object that is itself under `parent`) is data, such as
/// an example, a default value or an enum's values, rather than spec structure to walk.
/// `default` under `responses` is the default response, not data.
pub(crate) fn is_data(parent: &str, key: &str) -> bool {
    match key {
        "default" => parent != "responses",
        "example" | "examples" | "enum" | "const" => true,
        _ => false,
    }
}

/// The last reference token of a JSON pointer (`""` for the root).
pub(crate) fn last_token(pointer: &str) -> String {
    pointer
        .rsplit_once('/')
        .map(|(_, t)| t.replace("~1", "/").replace("~0", "~"))
        .unwrap_or_default()
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub(crate) fn push_token(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Splits a JSON pointer into its unescaped reference tokens.
pub(crate) fn split_pointer(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Resolves a JSON pointer (the part of a `$ref` after `#`), percent-decoding it first.
pub(crate) fn resolve<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    let decoded = percent_decode(pointer)?;
    let mut node = root;
    for token in split_pointer(&decoded) {
        node = match node {
            Value::Object(object) => object.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_round_trip_through_escaping() {
        let pointer = push_token(&push_token("", "paths"), "/users/{id}");
        assert_eq!(pointer, "/paths/~1users~1{id}");
        assert_eq!(split_pointer(&pointer), ["paths", "/users/{id}"]);
        assert_eq!(split_pointer(&push_token("", "a~b")), ["a~b"]);
        assert!(split_pointer("").is_empty());
    }

    #[test]
    fn diagnostic_names_file_line_column_and_pointer() {
        let diagnostic = Diagnostic {
            severity: Severity::Error,
            message: "unknown type".into(),
            location: Location {
                file: "spec.yaml".into(),
                pointer: "/components/schemas/A".into(),
                line: Some(3),
                column: Some(5),
            },
        };
        assert_eq!(
            diagnostic.to_string(),
            "spec.yaml:3:5 (at #/components/schemas/A): error: unknown type"
        );
    }
}
