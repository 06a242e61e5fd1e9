//! Finds the line and column of a JSON pointer in the source text of a spec.
//!
//! The document is parsed into a plain JSON value, which keeps no positions; instead, when a
//! problem is reported, its pointer is walked through the text once. JSON is scanned exactly.
//! YAML is walked by indentation, which finds every node of block-style YAML; inside flow-style
//! YAML (`{...}`, `[...]`) the nearest enclosing block node is reported.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Location, Problem};
use crate::spec::load::{Format, Source};
use crate::spec::origins::FileOrigins;
use crate::spec::pointer::split_pointer;

/// A spec file places what is found in it: the location of a pointer, and each problem as a
/// diagnostic with its line and column.
impl Source {
    /// Places a pointer in this file, with line and column when they can be found.
    pub fn location(&self, pointer: &str) -> Location {
        let position = locate(&self.text, self.format, pointer);
        Location {
            file: self.name.clone(),
            pointer: pointer.to_owned(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
        }
    }

    pub(crate) fn diagnostic(&self, problem: Problem) -> Diagnostic {
        self.diagnostics(vec![problem]).remove(0)
    }

    /// Places every problem in this file; the text is scanned about once for all of them.
    pub(crate) fn diagnostics(&self, problems: Vec<Problem>) -> Vec<Diagnostic> {
        let mut locator = Locator::new(&self.text, self.format);
        problems
            .into_iter()
            .map(|problem| self.place(&mut locator, problem))
            .collect()
    }

    /// A problem of this file as a diagnostic, placed with `locator` (this file's).
    fn place(&self, locator: &mut Locator, problem: Problem) -> Diagnostic {
        let position = locator.locate(&problem.pointer);
        Diagnostic {
            severity: problem.severity,
            location: Location {
                file: self.name.clone(),
                line: position.map(|p| p.0),
                column: position.map(|p| p.1),
                pointer: problem.pointer,
            },
            message: problem.message,
        }
    }
}

/// Places problems found in the document bundled from `main` and its other `files`: each in
/// the file, and at the place in it, that `origins` says its node was copied from, or else in
/// `main`. Each file's text is scanned about once for all of them.
pub(crate) fn place_bundled(
    main: &Source,
    files: &[Source],
    origins: &FileOrigins,
    problems: Vec<Problem>,
) -> Vec<Diagnostic> {
    if origins.is_empty() {
        return main.diagnostics(problems);
    }
    let mut main_locator = Locator::new(&main.text, main.format);
    let mut locators: Vec<Option<Locator>> = files.iter().map(|_| None).collect();
    problems
        .into_iter()
        .map(|mut problem| {
            let found = origins
                .source_of(&problem.pointer)
                .and_then(|(file, pointer)| {
                    let index = files.iter().position(|f| f.name == file)?;
                    Some((index, pointer))
                });
            match found {
                Some((index, pointer)) => {
                    let source = &files[index];
                    let locator = locators[index]
                        .get_or_insert_with(|| Locator::new(&source.text, source.format));
                    problem.pointer = pointer;
                    source.place(locator, problem)
                }
                None => main.place(&mut main_locator, problem),
            }
        })
        .collect()
}

/// A 1-based line and column.
pub(crate) type Position = (usize, usize);

/// The position of the node at `pointer`, or of its nearest ancestor that can be found.
pub(crate) fn locate(text: &str, format: Format, pointer: &str) -> Option<Position> {
    Locator::new(text, format).locate(pointer)
}

/// Places many pointers in one text. What one lookup learns serves the next: the line starts
/// are found once, YAML's lines are read once, and the keys and items of each JSON object and
/// array scanned so far are remembered, so a spec with a thousand warnings is scanned about
/// once, not a thousand times.
pub(crate) struct Locator<'t> {
    text: &'t str,
    format: Format,
    /// The offset at which each line starts.
    line_starts: Vec<usize>,
    /// YAML's significant lines, read on the first YAML lookup.
    yaml: Option<Vec<Line<'t>>>,
    /// JSON objects and arrays scanned so far, by the offset of their opening bracket.
    json: HashMap<usize, Scan>,
}

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str, format: Format) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            format,
            line_starts,
            yaml: None,
            json: HashMap::new(),
        }
    }

    /// The position of the node at `pointer`, or of its nearest ancestor that can be found.
    pub(crate) fn locate(&mut self, pointer: &str) -> Option<Position> {
        let tokens = split_pointer(pointer);
        let offset = match self.format {
            Format::Json => self.json_offset(&tokens),
            Format::Yaml => {
                let text = self.text;
                let lines = self.yaml.get_or_insert_with(|| yaml_lines(text));
                yaml_offset(lines, &tokens)
            }
        }?;
        Some(self.line_column(offset))
    }

    /// Converts a byte offset to a 1-based line and a 1-based column counted in characters.
    fn line_column(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }

    fn json_offset(&mut self, tokens: &[String]) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut at = skip_ws(bytes, 0);
        for token in tokens {
            let kind = match bytes.get(at)? {
                b'{' => Kind::Object,
                b'[' => Kind::Array,
                _ => return Some(at),
            };
            let scan = self.json.entry(at).or_insert_with(|| Scan {
                kind,
                children: HashMap::new(),
                items: Vec::new(),
                resume: skip_ws(bytes, at + 1),
                done: false,
            });
            match scan.child(bytes, token) {
                Some(child) => at = child,
                None => return Some(at),
            }
        }
        Some(at)
    }
}

/// Whether a scanned JSON node is an object or an array.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
}

/// How far a JSON object or array has been scanned, and what was found on the way.
struct Scan {
    kind: Kind,
    /// An object's keys so far, with the offsets of their values.
    children: HashMap<String, usize>,
    /// An array's items so far, by offset.
    items: Vec<usize>,
    /// Where scanning goes on: the next key or item.
    resume: usize,
    /// Whether the closing bracket was reached.
    done: bool,
}

impl Scan {
    /// The offset of the child named by `token`, scanning on as far as needed.
    fn child(&mut self, bytes: &[u8], token: &str) -> Option<usize> {
        let index = match self.kind {
            Kind::Object => None,
            Kind::Array => Some(token.parse::<usize>().ok()?),
        };
        loop {
            let found = match index {
                None => self.children.get(token).copied(),
                Some(index) => self.items.get(index).copied(),
            };
            if found.is_some() || self.done {
                return found;
            }
            self.step(bytes)?;
        }
    }

    /// Reads one more key and value, or item; marks the scan done at the closing bracket.
    fn step(&mut self, bytes: &[u8]) -> Option<()> {
        let i = self.resume;
        if matches!(bytes.get(i), Some(b'}' | b']') | None) {
            self.done = true;
            return Some(());
        }
        let value_at = match self.kind {
            Kind::Object => {
                if bytes.get(i) != Some(&b'"') {
                    self.done = true;
                    return Some(());
                }
                let (key, after_key) = read_string(bytes, i)?;
                let colon = skip_ws(bytes, after_key);
                if bytes.get(colon) != Some(&b':') {
                    self.done = true;
                    return Some(());
                }
                let value_at = skip_ws(bytes, colon + 1);
                // A repeated key: the first one is where the lookup stops, as before.
                self.children.entry(key).or_insert(value_at);
                value_at
            }
            Kind::Array => {
                let value_at = skip_ws(bytes, i);
                self.items.push(value_at);
                value_at
            }
        };
        let mut next = skip_ws(bytes, skip_value(bytes, value_at)?);
        if bytes.get(next) == Some(&b',') {
            next = skip_ws(bytes, next + 1);
        }
        self.resume = next;
        Some(())
    }
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

fn yaml_offset(lines: &[Line<'_>], tokens: &[String]) -> Option<usize> {
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
    fn one_locator_answers_every_lookup_as_a_fresh_one_would() {
        let text =
            "{\n  \"a\": {\"b~c\": 1, \"d/e\": [10, {\"f\": \"x]\"}, 30]},\n  \"g\": true\n}";
        let pointers = [
            "/g",
            "/a/d~1e/2",
            "/a/zzz",
            "/a/b~0c",
            "/a/d~1e/1/f",
            "/a/d~1e/9",
            "",
        ];
        let mut shared = Locator::new(text, Format::Json);
        for pointer in pointers {
            assert_eq!(
                shared.locate(pointer),
                locate(text, Format::Json, pointer),
                "{pointer}"
            );
        }
        // Earlier scans are reused: the object `/a` was scanned to its end above.
        let a = text.find("{\"b").expect("the object a");
        assert!(shared.json.get(&a).is_some_and(|scan| scan.done));
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
        let locator = Locator::new("가나\n다라", Format::Yaml);
        assert_eq!(locator.line_column(3), (1, 2));
        assert_eq!(locator.line_column(7), (2, 1));
    }
}
