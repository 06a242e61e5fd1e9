//! Spec descriptions to rustdoc attributes.
//!
//! Descriptions are CommonMark written for a web page. Rustdoc reads them too, and some of what
//! is harmless on a page is not harmless there: a fenced or indented block becomes a doctest that
//! `cargo test` compiles, `[text]` becomes an intra-doc link that may not resolve, and `<name>`
//! becomes an HTML tag. Each line is made safe before it becomes a `#[doc]` attribute.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc]` attributes for the given paragraphs; empty paragraphs are skipped and the rest are
/// separated by a blank line.
pub(crate) fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let attrs = doc_lines(paragraphs)
        .into_iter()
        .map(|line| literal(&line))
        .map(|line| quote!(#[doc = #line]));
    quote!(#(#attrs)*)
}

/// A doc line as a raw string literal (`r"..."`, with as many `#` as it needs). prettyplease
/// prints it as a `///` line, the same as an escaped literal; but escaping each character of a
/// description and reading the escapes back took a tenth of Stripe's generation, where a raw
/// literal's text is its own. A line a raw literal cannot hold is escaped: one with a quote
/// followed by 255 or more `#` (the most a raw literal takes), or a lone carriage return
/// (which `sanitize` leaves none of). Only the doc lines `doc_lines` makes, which start with a
/// space, are printed the same: prettyplease prints a line starting with `/` as an attribute.
fn literal(line: &str) -> Literal {
    let mut hashes = 0;
    let mut run: Option<usize> = None;
    for c in line.chars() {
        run = match (c, run) {
            ('"', _) => Some(0),
            ('#', Some(n)) => Some(n + 1),
            _ => None,
        };
        if let Some(n) = run {
            hashes = hashes.max(n + 1);
        }
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{line}\"{fence}")
        .parse()
        .unwrap_or_else(|_| Literal::string(line))
}

/// The same `#[doc]` attributes as syntax trees, for an item built as one (see `tree`).
pub(crate) fn doc_attributes<'a>(
    paragraphs: impl IntoIterator<Item = Option<&'a str>>,
) -> Vec<syn::Attribute> {
    doc_lines(paragraphs)
        .iter()
        .map(|line| doc_attribute(line))
        .collect()
}

/// The `#[doc]` attribute of one line, as it is: no leading space is added and nothing is
/// escaped (an enum variant's wire value, already a code span).
pub(crate) fn doc_attribute(line: &str) -> syn::Attribute {
    super::tree::doc(literal(line))
}

/// Inner `#![doc]` attributes, for a module's own documentation.
pub(crate) fn inner_doc_attrs<'a>(
    paragraphs: impl IntoIterator<Item = Option<&'a str>>,
) -> TokenStream {
    let attrs = doc_lines(paragraphs)
        .into_iter()
        .map(|line| literal(&line))
        .map(|line| quote!(#![doc = #line]));
    quote!(#(#attrs)*)
}

/// The lines of the doc comment, each with the leading space `///` comments have.
fn doc_lines<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for text in paragraphs.into_iter().flatten() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(text));
    }
    lines
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Makes description text safe for rustdoc, line by line.
pub(crate) fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // A carriage return alone ends a line too; rustc refuses one inside a doc comment.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            // Every fence is text to rustdoc, never a doctest.
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(escape_unsafe(line, |_| false));
            continue;
        }
        // Four spaces of indentation would start an indented code block, which is a doctest.
        let indent = (line.len() - trimmed.len()).min(3);
        let line = escape_inline(trimmed);
        out.push(format!(
            "{}{}",
            " ".repeat(indent),
            escape_unsafe(&line, |_| false)
        ));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// A value as it is sent (an enum's wire value) as inline code in a doc comment, with the
/// characters a comment cannot hold (line breaks, tabs and other controls, text-direction
/// marks) written as Rust writes them in a string: `\n`, `\u{202e}`.
pub(crate) fn code_span(value: &str) -> String {
    format!(" `{}`", escape_unsafe(value, char::is_control))
}

/// `text` with the text-direction marks rustc refuses in a comment (the deny-by-default lint
/// `text_direction_codepoint_in_comment`), and the characters `also` picks, escaped.
fn escape_unsafe(text: &str, also: impl Fn(char) -> bool) -> String {
    let unsafe_char =
        |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') || also(c);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes brackets and angle brackets outside code spans, and makes bare URLs autolinks.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code && c == 'h' && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '<' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_angles_and_urls_are_escaped_outside_code() {
        assert_eq!(
            escape_inline(
                "[링크보기](https://developers.portone.io/x?v=v1) and <token>, `a<b>[c]`"
            ),
            "\\[링크보기\\](<https://developers.portone.io/x?v=v1>) and \\<token\\>, `a<b>[c]`"
        );
        assert_eq!(
            escape_inline("see https://a.example."),
            "see <https://a.example>."
        );
    }

    #[test]
    fn fences_become_text_and_indentation_is_capped() {
        let lines = sanitize("intro\n```json\n{\"a\": [1]}\n```\n\n      indented");
        assert_eq!(
            lines,
            ["intro", "```text", "{\"a\": [1]}", "```", "", "   indented"]
        );
        assert_eq!(sanitize("```\nunclosed"), ["```text", "unclosed", "```"]);
    }

    #[test]
    fn a_doc_line_is_a_raw_literal_of_the_same_text() {
        let lines = [
            "",
            " plain",
            r#" say "hi""#,
            r###" a "# then "## b"###,
            r" back\slash \n and \u{1}",
            " 한국어 ✓ tab\tinside",
        ];
        for line in lines {
            let literal = literal(line);
            assert!(literal.to_string().starts_with('r'), "{literal}");
            let syn::Lit::Str(parsed) = syn::Lit::new(literal) else {
                panic!("not a string literal: {line:?}");
            };
            assert_eq!(parsed.value(), line);
        }
        assert_eq!(literal(r#"x "y" z"#).to_string(), r###"r#"x "y" z"#"###);
        let closing = r##"ends "#"##;
        assert_eq!(literal(closing).to_string(), r###"r##"ends "#"##"###);
        let fence = format!("a \"{}", "#".repeat(300));
        let long = literal(&fence);
        assert!(long.to_string().starts_with('"'), "{long}");
        // A raw literal cannot hold a lone carriage return: that line is escaped.
        let escaped = literal("a\rb");
        assert!(escaped.to_string().starts_with('"'), "{escaped}");
        let syn::Lit::Str(parsed) = syn::Lit::new(escaped) else {
            panic!("not a string literal");
        };
        assert_eq!(parsed.value(), "a\rb");
    }

    #[test]
    fn paragraphs_are_joined_with_blank_lines() {
        let tokens = doc_attrs([Some("a"), None, Some("  "), Some("b")]).to_string();
        assert_eq!(
            tokens,
            "# [doc = r\" a\"] # [doc = r\"\"] # [doc = r\" b\"]"
        );
    }

    #[test]
    fn what_a_comment_cannot_hold_is_escaped() {
        assert_eq!(code_span("USER"), " `USER`");
        assert_eq!(code_span("a\r\nb\tc"), " `a\\r\\nb\\tc`");
        assert_eq!(code_span("a\u{202E}b\u{2066}c"), " `a\\u{202e}b\\u{2066}c`");
        assert_eq!(code_span("\"quoted\" é"), " `\"quoted\" é`");
        // In descriptions, line breaks are lines; text-direction marks are escaped alone.
        assert_eq!(
            sanitize("left\u{202E}right\tand"),
            ["left\\u{202e}right\tand"]
        );
    }
}
