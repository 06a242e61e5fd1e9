//! Diagnostics shown the way rustc shows its own: the severity and message, `file:line:column`,
//! the source line with a caret under the place, and the JSON pointer as a note. Or, for
//! editors and CI annotations, one JSON object per diagnostic.

use annotate_snippets::{Level, Renderer, Snippet};

use super::{Diagnostic, Severity};

/// How many characters of a source line are shown at most: a minified spec is one line of
/// megabytes, so a long line is cut to a window around the column.
const SHOWN: usize = 100;

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As rustc writes them, without colour.
    Plain,
    /// As rustc writes them, with ANSI colours (for a terminal).
    Color,
}

impl Diagnostic {
    /// The diagnostic as rustc would write it. `source` is the text of the file it is in; with
    /// it, the line is shown with a caret under the column.
    pub fn render(&self, source: Option<&str>, style: Style) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let location = &self.location;
        let pointer = (!location.pointer.is_empty()).then(|| format!("at #{}", location.pointer));
        // With a line to show, the renderer adds its line and column to the file name.
        let place = match (location.line, location.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", location.file),
            _ => location.file.clone(),
        };
        let line = location
            .line
            .zip(source)
            .and_then(|(line, text)| Some((line, text.lines().nth(line.checked_sub(1)?)?)));
        let excerpt =
            line.map(|(number, text)| (number, excerpt(text, location.column.unwrap_or(1))));
        let mut message = level.title(&self.message);
        match &excerpt {
            Some((number, (text, span))) => {
                message = message.snippet(
                    Snippet::source(text)
                        .line_start(*number)
                        .origin(&location.file)
                        .annotation(level.span(span.clone())),
                );
            }
            None => {
                // No line to show: the place alone, as a note.
                message = message.footer(Level::Note.title(&place));
            }
        }
        if let Some(pointer) = &pointer {
            message = message.footer(Level::Note.title(pointer));
        }
        let renderer = match style {
            Style::Plain => Renderer::plain(),
            Style::Color => Renderer::styled(),
        };
        let text = renderer.render(message).to_string();
        match (&excerpt, location.line, location.column) {
            // The renderer counts the column in the text it was given (a long line cut, tabs
            // shown as spaces); the place it prints is set right.
            (Some((_, (shown, span))), Some(line), Some(column)) => {
                let counted = shown[..span.start].chars().count() + 1;
                if counted == column {
                    return text;
                }
                let printed = format!("{}:{line}:{counted}", location.file);
                text.replacen(&printed, &place, 1)
            }
            _ => text,
        }
    }

    /// The diagnostic as one JSON object: `severity`, `message`, `file`, `line`, `column`
    /// (null when not known) and `pointer`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity.to_string(),
            "message": self.message,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "pointer": self.location.pointer,
        })
    }
}

/// Every diagnostic rendered (see [`Diagnostic::render`]), each followed by a blank line, and
/// the summary line, as cargo ends a build: `error: 2 errors found`. `text_of` gives the text
/// of a file by the name diagnostics use for it, to show its lines.
pub fn render_all<'t>(
    diagnostics: &[Diagnostic],
    text_of: impl Fn(&str) -> Option<&'t str>,
    style: Style,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.render(text_of(&diagnostic.location.file), style));
        out.push_str("\n\n");
    }
    let severity = if diagnostics.iter().any(Diagnostic::is_error) {
        "error"
    } else {
        "warning"
    };
    out.push_str(&format!("{severity}: {}", summary(diagnostics)));
    out
}

/// The line that ends a list of diagnostics, as cargo ends a build: how many errors and
/// warnings there were.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    match (errors, warnings) {
        (0, warnings) => format!("{} emitted", count(warnings, "warning")),
        (errors, 0) => format!("{} found", count(errors, "error")),
        (errors, warnings) => format!(
            "{} and {} found",
            count(errors, "error"),
            count(warnings, "warning")
        ),
    }
}

/// The part of a line that is shown, and the byte range in it of the place: the token that
/// starts at `column` (1-based, in characters). A line longer than `SHOWN` characters is cut
/// to a window around the column, with `...` where it was cut.
fn excerpt(line: &str, column: usize) -> (String, std::ops::Range<usize>) {
    let line = line.trim_end_matches('\r');
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= SHOWN {
        (0, chars.len())
    } else {
        let start = at.saturating_sub(SHOWN / 2).min(chars.len() - SHOWN);
        (start, start + SHOWN)
    };
    // The renderer draws a tab four columns wide but places the caret as if it had none: tabs
    // are shown as four spaces.
    let shown = |range: std::ops::Range<usize>| -> String {
        chars[range]
            .iter()
            .map(|&c| {
                if c == '\t' {
                    "    ".to_owned()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let token_len = chars[at..end]
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ':' | '}' | ']'))
        .count()
        .clamp(1, 40)
        .min(end - at);
    let mut text = String::new();
    if start > 0 {
        text.push_str("...");
    }
    text.push_str(&shown(start..at));
    let span_start = text.len();
    text.push_str(&shown(at..at + token_len));
    let span_end = text.len();
    text.push_str(&shown(at + token_len..end));
    if end < chars.len() {
        text.push_str("...");
    }
    (text, span_start..span_end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn diagnostic(line: usize, column: usize) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: "`$ref` to a schema that does not exist".to_owned(),
            location: Location {
                file: "spec.yaml".to_owned(),
                pointer: "/components/schemas/Pet/$ref".to_owned(),
                line: Some(line),
                column: Some(column),
            },
        }
    }

    #[test]
    fn the_line_is_shown_with_a_caret_and_the_pointer_as_a_note() {
        let source = "components:\n  schemas:\n    Pet:\n      $ref: '#/components/schemas/Dog'\n";
        let text = diagnostic(4, 13).render(Some(source), Style::Plain);
        assert_eq!(
            text,
            "error: `$ref` to a schema that does not exist\n \
             --> spec.yaml:4:13\n  \
             |\n\
             4 |       $ref: '#/components/schemas/Dog'\n  \
             |             ^^^^^^^^^^^^^^^^^^^^^^^^^^\n  \
             |\n  \
             = note: at #/components/schemas/Pet/$ref"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!(
            "{{\"a\":\"{}\",\"b\":{{\"$ref\":\"#/x\"}}{}}}",
            "x".repeat(5000),
            " ".repeat(5000)
        );
        let column = line.find("\"$ref\"").expect("the key") + 1;
        let text = diagnostic(1, column).render(Some(&line), Style::Plain);
        assert!(text.len() < 600, "{text}");
        assert!(
            text.contains(&format!("--> spec.yaml:1:{column}\n")),
            "{text}"
        );
        // Coloured, the place is the same.
        let styled = diagnostic(1, column).render(Some(&line), Style::Color);
        assert!(
            styled.contains(&format!("spec.yaml:1:{column}")),
            "{styled}"
        );
        assert!(text.contains("...xxxx"), "{text}");
        assert!(text.contains("\"$ref\""), "{text}");
    }

    #[test]
    fn tabs_are_shown_as_spaces_with_the_caret_under_the_place() {
        let source = "{\n\t\"paths\": {\n\t\t\"$ref\": 1\n\t}\n}\n";
        let text = diagnostic(3, 3).render(Some(source), Style::Plain);
        assert!(text.contains("--> spec.yaml:3:3\n"), "{text}");
        assert!(
            text.contains("3 |         \"$ref\": 1\n  |         ^^^^^^\n"),
            "{text}"
        );
    }

    #[test]
    fn without_the_source_the_place_is_a_note() {
        let text = diagnostic(4, 13).render(None, Style::Plain);
        assert!(text.contains("= note: spec.yaml:4:13"), "{text}");
        assert!(
            text.contains("= note: at #/components/schemas/Pet/$ref"),
            "{text}"
        );
    }

    #[test]
    fn summaries_count_both_kinds() {
        let error = diagnostic(1, 1);
        let mut warning = diagnostic(1, 1);
        warning.severity = Severity::Warning;
        assert_eq!(summary(std::slice::from_ref(&error)), "1 error found");
        assert_eq!(
            summary(&[warning.clone(), warning.clone()]),
            "2 warnings emitted"
        );
        assert_eq!(summary(&[error, warning]), "1 error and 1 warning found");
    }
}
