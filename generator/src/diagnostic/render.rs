//! Diagnostics shown the way rustc shows its own: the severity and message, `file:line:column`,
//! the source line with a caret under the place, and the JSON pointer as a note. Or, for
//! editors and CI annotations, one JSON object per diagnostic.

use annotate_snippets::{Level, Renderer, Snippet};
use unicode_width::UnicodeWidthChar;

use super::lines::{Line, Lines};

use super::{Diagnostic, Severity};

/// How many columns of a source line are shown at most: a minified spec is one line of
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
        self.render_in(source.map(Lines::new).as_ref(), style)
    }

    /// As [`Diagnostic::render`], with the file's lines indexed.
    fn render_in(&self, source: Option<&Lines>, style: Style) -> String {
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
        let excerpt = location.line.zip(source).and_then(|(number, lines)| {
            let line = lines.line(number)?;
            Some((number, excerpt(lines, &line, location.column.unwrap_or(1))))
        });
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
        }
        // The line is cut here, counting columns; the renderer's own cut counts bytes, and
        // would cut a line of wide characters again and pad it with spaces.
        .term_width(10 * SHOWN);
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
    // Each file's lines are indexed once, however many diagnostics it has.
    let mut indexed: Vec<(&str, Option<Lines<'t>>)> = Vec::new();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let file = diagnostic.location.file.as_str();
        let at = match indexed.iter().position(|(name, _)| *name == file) {
            Some(at) => at,
            None => {
                indexed.push((file, text_of(file).map(Lines::new)));
                indexed.len() - 1
            }
        };
        out.push_str(&diagnostic.render_in(indexed[at].1.as_ref(), style));
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
/// starts at `column` (1-based, in characters). A line wider than `SHOWN` columns is cut to a
/// window around the column, with `...` where it was cut; a wide (CJK) character takes two
/// columns, a tab four.
fn excerpt(lines: &Lines, line: &Line, column: usize) -> (String, std::ops::Range<usize>) {
    let at = column.saturating_sub(1).min(line.chars);
    let width = |c: char| match c {
        '\t' => 4,
        c => c.width().unwrap_or(1),
    };
    // The characters after the place and before it, as many as could be shown.
    let fits = |chars: &mut dyn Iterator<Item = char>| {
        let mut used = 0;
        let taken: Vec<char> = chars
            .take_while(|&c| {
                used += width(c);
                used <= SHOWN
            })
            .collect();
        taken
    };
    let after = fits(&mut lines.rest_from(line, at).chars());
    let mut before = fits(&mut lines.part_before(line, at).chars().rev());
    before.reverse();
    let wide = |chars: &[char]| chars.iter().map(|&c| width(c)).sum::<usize>();
    // Half the window before the place, unless what follows it leaves more room.
    let room_before = SHOWN - wide(&after).min(SHOWN / 2);
    let mut used = 0;
    let keep = before
        .iter()
        .rev()
        .take_while(|&&c| {
            used += width(c);
            used <= room_before
        })
        .count();
    let before = &before[before.len() - keep..];
    let room_after = SHOWN - wide(before);
    let mut used = 0;
    let keep = after
        .iter()
        .take_while(|&&c| {
            used += width(c);
            used <= room_after
        })
        .count();
    let after = &after[..keep];
    let cut_before = before.len() < at;
    let cut_after = at + after.len() < line.chars;
    // The renderer draws a tab four columns wide but places the caret as if it had none: tabs
    // are shown as four spaces.
    let shown = |chars: &[char]| -> String {
        chars
            .iter()
            .map(|&c| match c {
                '\t' => "    ".to_owned(),
                c => c.to_string(),
            })
            .collect()
    };
    let token_len = after
        .iter()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ':' | '}' | ']'))
        .count()
        .clamp(1, 40)
        .min(after.len());
    let mut text = String::new();
    if cut_before {
        text.push_str("...");
    }
    text.push_str(&shown(before));
    let span_start = text.len();
    text.push_str(&shown(&after[..token_len]));
    let span_end = text.len();
    text.push_str(&shown(&after[token_len..]));
    if cut_after {
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
    fn a_long_line_of_wide_characters_is_cut_to_the_same_width() {
        let line = format!("description: {}$ref{}", "가".repeat(300), "나".repeat(300));
        let column = line.chars().position(|c| c == '$').expect("the key") + 1;
        let text = diagnostic(1, column).render(Some(&line), Style::Plain);
        assert!(
            text.contains(&format!("--> spec.yaml:1:{column}\n")),
            "{text}"
        );
        let shown = text.lines().nth(3).expect("the source line");
        let caret = text.lines().nth(4).expect("the caret line");
        // Each Hangul syllable takes two columns: the window is 100 columns, not 100 characters.
        let columns: usize = shown.chars().map(|c| c.width().unwrap_or(1)).sum();
        assert!(columns <= 4 + 3 + 100 + 3, "{columns} columns: {shown}");
        assert!(
            shown.starts_with("1 | ...가") && shown.ends_with("나..."),
            "{shown}"
        );
        // The caret is under `$ref`, counted in columns.
        let under = caret.find('^').expect("a caret");
        let before: usize = shown
            .split("$ref")
            .next()
            .unwrap()
            .chars()
            .map(|c| c.width().unwrap_or(1))
            .sum();
        assert_eq!(under, before, "{text}");
    }

    #[test]
    fn many_diagnostics_on_one_line_share_its_index() {
        let line = format!("{{{}}}", "\"k\": 1, ".repeat(20_000));
        let diagnostics: Vec<Diagnostic> =
            (0..500).map(|i| diagnostic(1, 2 + i * 8 * 40)).collect();
        let text = render_all(&diagnostics, |_| Some(line.as_str()), Style::Plain);
        for d in &diagnostics {
            let place = format!("--> spec.yaml:1:{}\n", d.location.column.unwrap());
            assert!(text.contains(&place), "{place}");
        }
        assert!(text.ends_with("error: 500 errors found"));
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
