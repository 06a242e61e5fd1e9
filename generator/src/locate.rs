//! Finds the line and column of a JSON pointer in the source text of a spec.
//!
//! The document is parsed into a plain JSON value, which keeps no positions; instead, when a
//! problem is reported, its pointer is walked through the text once. JSON is scanned exactly.
//! YAML is walked by indentation, which finds every node of block-style YAML; inside flow-style
//! YAML (`{...}`, `[...]`) the nearest enclosing block node is reported.

use crate::diagnostic::split_pointer;
use crate::load::Format;

/// A 1-based line and column.
pub(crate) type Position = (usize, usize);

/// The position of the node at `pointer`, or of its nearest ancestor that can be found.
pub(crate) fn locate(text: &str, format: Format, pointer: &str) -> Option<Position> {
    let tokens = split_pointer(pointer);
    let offset = match format {
        Format::Json => json_offset(text.as_bytes(), &tokens),
        Format::Yaml => yaml_offset(text, &tokens),
    }?;
    Some(line_column(text, offset))
}

/// Converts a byte offset to a 1-based line and a 1-based column counted in characters.
pub(crate) fn line_column(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

// ---------------------------------------------------------------------------------------------
// JSON

fn json_offset(bytes: &[u8], tokens: &[String]) -> Option<usize> {
    let mut at = skip_ws(bytes, 0);
    for token in tokens {
        match bytes.get(at)? {
            b'{' => {
                let mut i = skip_ws(bytes, at + 1);
                let mut found = None;
                while bytes.get(i) == Some(&b'"') {
                    let (key, after_key) = read_string(bytes, i)?;
                    i = skip_ws(bytes, after_key);
                    if bytes.get(i) != Some(&b':') {
                        return Some(at);
                    }
                    i = skip_ws(bytes, i + 1);
                    if key == *token {
                        found = Some(i);
                        break;
                    }
                    i = skip_ws(bytes, skip_value(bytes, i)?);
                    if bytes.get(i) == Some(&b',') {
                        i = skip_ws(bytes, i + 1);
                    }
                }
                match found {
                    Some(value_at) => at = value_at,
                    None => return Some(at),
                }
            }
            b'[' => {
                let Ok(index) = token.parse::<usize>() else {
                    return Some(at);
                };
                let mut i = skip_ws(bytes, at + 1);
                for _ in 0..index {
                    if bytes.get(i) == Some(&b']') {
                        return Some(at);
                    }
                    i = skip_ws(bytes, skip_value(bytes, i)?);
                    if bytes.get(i) == Some(&b',') {
                        i = skip_ws(bytes, i + 1);
                    }
                }
                if bytes.get(i) == Some(&b']') {
                    return Some(at);
                }
                at = i;
            }
            _ => return Some(at),
        }
    }
    Some(at)
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The offset just after the string whose opening quote is at `i`.
fn skip_string(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match *bytes.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// Reads the string starting at the quote at `i`; returns it and the offset after its end quote.
/// Only keys are read this way; values are skipped without decoding.
fn read_string(bytes: &[u8], i: usize) -> Option<(String, usize)> {
    let end = skip_string(bytes, i)?;
    let raw = bytes.get(i..end)?;
    let text = if raw.contains(&b'\\') {
        serde_json::from_slice(raw).ok()?
    } else {
        String::from_utf8(raw.get(1..raw.len() - 1)?.to_vec()).ok()?
    };
    Some((text, end))
}

/// Skips one JSON value starting at `i`; returns the offset just after it.
fn skip_value(bytes: &[u8], i: usize) -> Option<usize> {
    match *bytes.get(i)? {
        b'"' => skip_string(bytes, i),
        b'{' | b'[' => {
            // Brackets nest; strings may hold brackets, so step over them whole.
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *bytes.get(j)? {
                    b'"' => {
                        j = skip_string(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while !matches!(
                bytes.get(j),
                None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
            ) {
                j += 1;
            }
            Some(j)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// YAML

struct Line<'a> {
    offset: usize,
    indent: usize,
    content: &'a str,
}

fn yaml_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if !content.is_empty() && !content.starts_with('#') && content != "---" {
            lines.push(Line {
                offset,
                indent,
                content,
            });
        }
        offset += raw.len();
    }
    lines
}

/// The key of a `key: value` or `key:` line, unquoted.
fn yaml_key(content: &str) -> Option<String> {
    let (key, rest) = if let Some(stripped) = content.strip_prefix('"') {
        let end = stripped.find('"')?;
        (stripped.get(..end)?.to_owned(), stripped.get(end + 1..)?)
    } else if let Some(stripped) = content.strip_prefix('\'') {
        let end = stripped.find('\'')?;
        (stripped.get(..end)?.to_owned(), stripped.get(end + 1..)?)
    } else {
        let colon = content
            .find(": ")
            .or_else(|| content.strip_suffix(':').map(str::len))?;
        (
            content.get(..colon)?.trim_end().to_owned(),
            content.get(colon..)?,
        )
    };
    rest.trim_start().starts_with(':').then_some(key)
}

fn yaml_offset(text: &str, tokens: &[String]) -> Option<usize> {
    let lines = yaml_lines(text);
    // The node being searched: lines [start, end) at indentation `indent`, and its own offset.
    let mut start = 0;
    let mut end = lines.len();
    let mut node_offset = lines.first().map_or(0, |line| line.offset);
    let mut inline: Option<(usize, usize)> = None; // a `- key: value` item: (line, column offset)
    for token in tokens {
        let Some(first) = lines.get(start) else {
            return Some(node_offset);
        };
        let (indent, first_content) = match inline.take() {
            Some((line, extra)) => (
                lines.get(line)?.indent + extra,
                lines.get(line)?.content.get(extra..)?,
            ),
            None => (first.indent, first.content),
        };
        let is_sequence = first_content.starts_with("- ") || first_content == "-";
        // Siblings are the lines of the node at exactly its indentation.
        let mut siblings = Vec::new();
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            if i == start {
                siblings.push((i, indent, first_content));
            } else if line.indent == indent {
                siblings.push((i, line.indent, line.content));
            }
        }
        let found = if is_sequence {
            let index: usize = token.parse().ok()?;
            siblings
                .iter()
                .filter(|(_, _, content)| content.starts_with('-'))
                .nth(index)
                .copied()
        } else {
            siblings
                .iter()
                .find(|(_, _, content)| yaml_key(content).as_deref() == Some(token.as_str()))
                .copied()
        };
        let Some((line_index, line_indent, content)) = found else {
            return Some(node_offset);
        };
        let line = lines.get(line_index)?;
        node_offset = line.offset + (line_indent - line.indent) + (line.indent);
        // The node's extent: up to the next line at this indentation or less.
        let next = siblings
            .iter()
            .map(|(i, _, _)| *i)
            .find(|i| *i > line_index)
            .unwrap_or(end);
        if is_sequence {
            // `- key: value` starts a mapping on the same line, two columns in.
            let rest = content.trim_start_matches('-').trim_start();
            let extra = line_indent - line.indent + (content.len() - rest.len());
            node_offset = line.offset + line.indent + extra;
            if !rest.is_empty() {
                inline = Some((line_index, extra));
                start = line_index;
                end = next;
                continue;
            }
        }
        start = line_index + 1;
        end = next;
        if start >= end {
            // The value sits on the key's line (a scalar or flow collection).
            return Some(node_offset);
        }
    }
    Some(node_offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_json_nodes_by_pointer() {
        let text =
            "{\n  \"a\": {\"b~c\": 1, \"d/e\": [10, {\"f\": \"x]\"}, 30]},\n  \"g\": true\n}";
        assert_eq!(locate(text, Format::Json, ""), Some((1, 1)));
        assert_eq!(locate(text, Format::Json, "/a"), Some((2, 8)));
        assert_eq!(locate(text, Format::Json, "/a/b~0c"), Some((2, 16)));
        assert_eq!(locate(text, Format::Json, "/a/d~1e/1/f"), Some((2, 37)));
        assert_eq!(locate(text, Format::Json, "/a/d~1e/2"), Some((2, 44)));
        assert_eq!(locate(text, Format::Json, "/g"), Some((3, 8)));
        // A missing node reports its nearest ancestor.
        assert_eq!(locate(text, Format::Json, "/a/zzz"), Some((2, 8)));
    }

    #[test]
    fn finds_block_yaml_nodes_by_pointer() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      parameters:\n        - name: x\n          in: query\n        - $ref: '#/p'\n  /b: {}\n";
        assert_eq!(locate(text, Format::Yaml, "/openapi"), Some((1, 1)));
        assert_eq!(locate(text, Format::Yaml, "/paths/~1a/get"), Some((4, 5)));
        assert_eq!(
            locate(text, Format::Yaml, "/paths/~1a/get/parameters/0"),
            Some((6, 11))
        );
        assert_eq!(
            locate(text, Format::Yaml, "/paths/~1a/get/parameters/0/in"),
            Some((7, 11))
        );
        assert_eq!(
            locate(text, Format::Yaml, "/paths/~1a/get/parameters/1"),
            Some((8, 11))
        );
        assert_eq!(locate(text, Format::Yaml, "/paths/~1b"), Some((9, 3)));
        assert_eq!(locate(text, Format::Yaml, "/paths/~1b/get"), Some((9, 3)));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_column("가나\n다라", 3), (1, 2));
        assert_eq!(line_column("가나\n다라", 7), (2, 1));
    }
}
