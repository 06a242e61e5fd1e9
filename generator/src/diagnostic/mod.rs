//! Problems found in a spec, each with the place it was found, and how they are shown
//! (`render`).

mod lines;
mod render;

use std::fmt;

pub use render::{Style, render_all, summary};

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

/// Leaves out every problem that is the same as one before it (same severity, place and
/// message), keeping the order.
pub(crate) fn dedup<T: PartialEq + Clone>(problems: &mut Vec<T>) {
    let mut seen: Vec<T> = Vec::with_capacity(problems.len());
    problems.retain(|problem| {
        let new = !seen.contains(problem);
        if new {
            seen.push(problem.clone());
        }
        new
    });
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

#[cfg(test)]
mod tests {
    use super::*;

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
