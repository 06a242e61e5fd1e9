//! Stage 1: the bytes of a spec file to a JSON value, from JSON or YAML.

use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

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
    /// A source whose format is detected from its name and content.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let text = text.into();
        let format = Format::detect(&name, &text);
        Self { name, text, format }
    }

    /// Places a pointer in this file, with line and column when they can be found.
    pub fn location(&self, pointer: &str) -> Location {
        let position = crate::spec::locate::locate(&self.text, self.format, pointer);
        Location {
            file: self.name.clone(),
            pointer: pointer.to_owned(),
            line: position.map(|p| p.0),
            column: position.map(|p| p.1),
        }
    }

    pub(crate) fn diagnostic(&self, problem: crate::diagnostic::Problem) -> Diagnostic {
        self.diagnostics(vec![problem]).remove(0)
    }

    /// Places every problem in this file; the text is scanned about once for all of them.
    pub(crate) fn diagnostics(&self, problems: Vec<crate::diagnostic::Problem>) -> Vec<Diagnostic> {
        let mut locator = crate::spec::locate::Locator::new(&self.text, self.format);
        problems
            .into_iter()
            .map(|problem| {
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
            })
            .collect()
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
            error_at(
                source,
                String::new(),
                (e.line(), e.column()),
                format!("invalid JSON: {e}"),
            )
        }),
        Format::Yaml => load_yaml(source),
    }
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

// ---------------------------------------------------------------------------------------------
// YAML
//
// The YAML parser is `granit-parser` (YAML 1.2, pure Rust without `unsafe`, maintained; it
// replaced the deprecated `serde_yaml`, and reads the same real-world documents libyaml read).
// It gives a stream of events, each with its line and column, from which the JSON value is
// built here with an explicit stack: nesting depth, alias expansion, duplicate keys and the
// resolution of plain scalars are all decided in this file.

/// Deeper nesting is refused, as `serde_json` (and `serde_yaml` before) refuse it.
const RECURSION_LIMIT: usize = 128;

/// Anchors and aliases may copy at most this many nodes, or as many as the text has bytes if
/// that is more: enough for any real document, while a "billion laughs" alias bomb fails fast
/// with memory proportional to its size.
const MIN_ALIAS_BUDGET: usize = 100_000;

/// A YAML problem: its 1-based line and column, the JSON pointer of the node it is in, and
/// what is wrong.
struct YamlError {
    at: (usize, usize),
    pointer: String,
    message: String,
}

/// The 1-based line and column of a parser marker (whose column is 0-based).
fn position(mark: Marker) -> (usize, usize) {
    (mark.line(), mark.col() + 1)
}

fn load_yaml(source: &Source) -> Result<Value, Diagnostic> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        copied: 0,
        alias_budget: MIN_ALIAS_BUDGET.max(source.text.len()),
        root: None,
        documents: 0,
    };
    let options = granit_parser::options! {
        flow_nesting_limit: RECURSION_LIMIT,
        block_nesting_limit: RECURSION_LIMIT,
    };
    let mut parser = Parser::new_from_str_with_options(&source.text, options);
    while let Some(event) = parser.next_event() {
        let result = event
            .map_err(|e| YamlError {
                at: position(*e.marker()),
                pointer: String::new(),
                message: e.info(),
            })
            .and_then(|(event, span)| builder.event(event, span.start));
        if let Err(e) = result {
            let message = format!(
                "invalid YAML: {} at line {} column {}",
                e.message, e.at.0, e.at.1
            );
            return Err(error_at(source, e.pointer, e.at, message));
        }
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

/// A collection being read.
enum Frame {
    Sequence {
        items: Vec<Value>,
        /// Its anchor (0 for none).
        anchor: usize,
        /// How many nodes it holds, itself included.
        nodes: usize,
    },
    Mapping {
        map: Map<String, Value>,
        /// The key whose value is being read; `None` while the next key is awaited.
        key: Option<String>,
        anchor: usize,
        nodes: usize,
    },
}

/// Builds the JSON value of the document from the parser's events.
struct Builder {
    stack: Vec<Frame>,
    /// Each anchored node's value and node count, by the parser's anchor id.
    anchors: HashMap<usize, (Value, usize)>,
    /// How many nodes anchors and aliases have copied so far.
    copied: usize,
    alias_budget: usize,
    root: Option<Value>,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, mark: Marker) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.error(
                        mark,
                        None,
                        "a second document starts here; a spec is a single YAML document"
                            .to_owned(),
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let as_text = style != ScalarStyle::Plain
                    || tag.is_some_and(|t| t.is_yaml_core_schema_tag("str"));
                let value = scalar(&text, as_text);
                if self.awaits_key() {
                    if anchor != 0 {
                        self.charge(1, mark)?;
                        let value = value.unwrap_or_else(|| Value::String(text.to_string()));
                        self.anchors.insert(anchor, (value, 1));
                    }
                    let key = if as_text {
                        text.into_owned()
                    } else {
                        plain_key(text)
                    };
                    return self.set_key(key, mark);
                }
                let Some(value) = value else {
                    let message = format!("the number `{text}` cannot be represented in JSON");
                    return Err(self.error(mark, None, message));
                };
                self.complete(value, 1, anchor, mark)?;
            }
            Event::Alias(id) => {
                let Some(&(_, nodes)) = self.anchors.get(&id) else {
                    return Err(self.error(
                        mark,
                        None,
                        "an alias to a node that contains it".to_owned(),
                    ));
                };
                // Counted before it is copied, so that an alias bomb never takes the memory.
                self.charge(nodes, mark)?;
                let value = self.anchors[&id].0.clone();
                if self.awaits_key() {
                    let key = match value {
                        Value::String(s) => s,
                        Value::Null => "null".to_owned(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        Value::Array(_) | Value::Object(_) => return Err(self.bad_key(mark)),
                    };
                    return self.set_key(key, mark);
                }
                self.complete(value, nodes, 0, mark)?;
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if self.awaits_key() {
                    return Err(self.bad_key(mark));
                }
                if self.stack.len() >= RECURSION_LIMIT {
                    let message = format!(
                        "recursion limit exceeded: collections nest more than {RECURSION_LIMIT} deep"
                    );
                    return Err(self.error(mark, None, message));
                }
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Sequence {
                            items: Vec::new(),
                            anchor,
                            nodes: 1,
                        }
                    } else {
                        Frame::Mapping {
                            map: Map::new(),
                            key: None,
                            anchor,
                            nodes: 1,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, nodes, anchor) = match self.stack.pop() {
                    Some(Frame::Sequence {
                        items,
                        anchor,
                        nodes,
                    }) => (Value::Array(items), nodes, anchor),
                    Some(Frame::Mapping {
                        map, anchor, nodes, ..
                    }) => (Value::Object(map), nodes, anchor),
                    None => return Ok(()),
                };
                self.complete(value, nodes, anchor, mark)?;
            }
            // The stream's start and end, document ends, and metadata (comments, anchor names)
            // this loader does not ask for.
            _ => {}
        }
        Ok(())
    }

    /// Whether the next node is a mapping key.
    fn awaits_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }))
    }

    fn set_key(&mut self, key: String, mark: Marker) -> Result<(), YamlError> {
        if let Some(Frame::Mapping { map, .. }) = self.stack.last() {
            if map.contains_key(&key) {
                let message = format!("duplicate key `{key}` in a mapping");
                return Err(self.error(mark, Some(&key), message));
            }
        }
        if let Some(Frame::Mapping { key: pending, .. }) = self.stack.last_mut() {
            *pending = Some(key);
        }
        Ok(())
    }

    /// Places a finished node in its parent (or as the document), and records it if anchored.
    fn complete(
        &mut self,
        value: Value,
        nodes: usize,
        anchor: usize,
        mark: Marker,
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            self.charge(nodes, mark)?;
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Sequence {
                items, nodes: n, ..
            }) => {
                items.push(value);
                *n += nodes;
            }
            Some(Frame::Mapping {
                map, key, nodes: n, ..
            }) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
                *n += nodes;
            }
        }
        Ok(())
    }

    /// Counts `nodes` copied by an anchor or alias against the budget.
    fn charge(&mut self, nodes: usize, mark: Marker) -> Result<(), YamlError> {
        self.copied = self.copied.saturating_add(nodes);
        if self.copied > self.alias_budget {
            let message = format!(
                "repetition limit exceeded: the aliases repeat more than {} nodes",
                self.alias_budget
            );
            return Err(self.error(mark, None, message));
        }
        Ok(())
    }

    fn bad_key(&self, mark: Marker) -> YamlError {
        self.error(
            mark,
            None,
            "a mapping key must be a string, number or boolean".to_owned(),
        )
    }

    /// An error at `mark`, in the node being read (or at its `key`).
    fn error(&self, mark: Marker, key: Option<&str>, message: String) -> YamlError {
        let mut pointer = String::new();
        for frame in &self.stack {
            match frame {
                Frame::Sequence { items, .. } => {
                    pointer = crate::spec::pointer::push_token(&pointer, &items.len().to_string());
                }
                Frame::Mapping { key: Some(k), .. } => {
                    pointer = crate::spec::pointer::push_token(&pointer, k);
                }
                Frame::Mapping { key: None, .. } => {}
            }
        }
        if let Some(key) = key {
            pointer = crate::spec::pointer::push_token(&pointer, key);
        }
        YamlError {
            at: position(mark),
            pointer,
            message,
        }
    }
}

/// What an untagged plain (unquoted) scalar means, by YAML 1.2's core schema as `serde_yaml`
/// read it: also `0b` binary integers, and a decimal with a leading zero (`0123`) is a string.
#[derive(Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(Number),
    /// A floating-point number, or an integer outside 64 bits.
    Float(f64),
    Str,
}

fn plain(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Plain::Str;
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = if let Some(d) = unsigned.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = unsigned.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = unsigned.strip_prefix("0b") {
        (2, d)
    } else {
        (10, unsigned)
    };
    if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
        if radix == 10 && digits.len() > 1 && digits.starts_with('0') {
            return Plain::Str;
        }
        return match u64::from_str_radix(digits, radix) {
            Ok(u) if !negative => Plain::Int(Number::from(u)),
            Ok(u) if u <= 1 << 63 => Plain::Int(Number::from(0_i64.wrapping_sub_unsigned(u))),
            // Outside 64 bits: the nearest f64.
            _ if radix == 10 => text.parse().map_or(Plain::Str, Plain::Float),
            _ => {
                let magnitude = digits.chars().fold(0.0, |f, c| {
                    f * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
                });
                Plain::Float(if negative { -magnitude } else { magnitude })
            }
        };
    }
    if is_core_float(unsigned) {
        if let Ok(f) = text.parse() {
            return Plain::Float(f);
        }
    }
    Plain::Str
}

/// Whether an unsigned text is a float of the core schema:
/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`.
fn is_core_float(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let whole = digits(text);
    let mut rest = &text[whole..];
    let mut fraction = 0;
    if let Some(after) = rest.strip_prefix('.') {
        fraction = digits(after);
        rest = &after[fraction..];
    } else if whole == 0 {
        return false;
    }
    if whole == 0 && fraction == 0 {
        return false;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        return !exponent.is_empty() && digits(exponent) == exponent.len();
    }
    rest.is_empty()
}

/// A scalar's value: text when quoted, a block scalar or tagged `!!str`, else what its plain
/// text means; `None` for a number JSON cannot hold (`.inf`, `.nan`, `1e400`).
fn scalar(text: &str, as_text: bool) -> Option<Value> {
    if as_text {
        return Some(Value::String(text.to_owned()));
    }
    Some(match plain(text) {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(b),
        Plain::Int(n) => Value::Number(n),
        Plain::Float(f) => Value::Number(Number::from_f64(f)?),
        Plain::Str => Value::String(text.to_owned()),
    })
}

/// A plain scalar as a mapping key: integers in decimal (`200`, and `0x10` is `16`), booleans
/// and null by name, anything else as written.
fn plain_key(text: Cow<'_, str>) -> String {
    match plain(&text) {
        Plain::Null => "null".to_owned(),
        Plain::Bool(b) => b.to_string(),
        Plain::Int(n) => n.to_string(),
        Plain::Float(_) | Plain::Str => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    fn yaml(text: &str) -> Result<Value, Diagnostic> {
        load(&Source::new("a.yaml", text))
    }

    fn yaml_error(text: &str) -> Diagnostic {
        yaml(text).expect_err("the YAML is refused")
    }

    fn line_column(d: &Diagnostic) -> (Option<usize>, Option<usize>) {
        (d.location.line, d.location.column)
    }

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let source = Source::new("a.yaml", "responses:\n  200:\n    description: ok\n");
        let value = load(&source).unwrap();
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn yaml_scalar_keys_become_strings() {
        let value = yaml("200: a\ntrue: b\n~: c\n0x1F: d\n1.5: e\n'007': f\n").unwrap();
        assert_eq!(
            value,
            json!({"200": "a", "true": "b", "null": "c", "31": "d", "1.5": "e", "007": "f"})
        );
        let error = yaml_error("a:\n  [1, 2]: x\n");
        assert!(error.message.contains("a mapping key must be"), "{error}");
        assert_eq!(line_column(&error), (Some(2), Some(3)));
    }

    #[test]
    fn yaml_plain_scalars_resolve_by_the_core_schema() {
        let value = yaml(
            "n: [~, null, Null, NULL]\nb: [true, False, yes, no, on]\n\
             i: [0, -0, +5, -12, 0x1F, -0x10, 0o17, 0b101, 0123, 1_000]\n\
             f: [1.5, -2.5e3, .5, 1e3, 1., inf, nan]\n\
             s: ['1', \"true\"]\nt: |\n  text\n",
        )
        .unwrap();
        assert_eq!(value["n"], json!([null, null, null, null]));
        assert_eq!(value["b"], json!([true, false, "yes", "no", "on"]));
        assert_eq!(
            value["i"],
            json!([0, 0, 5, -12, 31, -16, 15, 5, "0123", "1_000"])
        );
        assert_eq!(
            value["f"],
            json!([1.5, -2500.0, 0.5, 1000.0, 1.0, "inf", "nan"])
        );
        assert_eq!(value["s"], json!(["1", "true"]));
        assert_eq!(value["t"], "text\n");
    }

    #[test]
    fn yaml_tags_are_ignored_and_their_values_kept() {
        let value =
            yaml("a: !custom 5\nb: !!str 5\nc: !thing {x: !!int 1}\nd: !!binary aGk=\n").unwrap();
        assert_eq!(value, json!({"a": 5, "b": "5", "c": {"x": 1}, "d": "aGk="}));
    }

    #[test]
    fn yaml_anchors_and_aliases_are_resolved() {
        let value = yaml(
            "base: &base {type: string, enum: [a, b]}\nname: &n pet\n\
             copy: *base\nlist: [*n, *base]\n*n : key from an alias\n\
             &code 200: ok\ncode: *code\n",
        )
        .unwrap();
        assert_eq!(value["copy"], value["base"]);
        assert_eq!(
            value["list"],
            json!(["pet", {"type": "string", "enum": ["a", "b"]}])
        );
        assert_eq!(value["pet"], "key from an alias");
        assert_eq!(value["200"], "ok");
        assert_eq!(value["code"], 200);
        let error = yaml_error("a: &a [1, *a]\n");
        assert!(error.message.contains("invalid YAML"), "{error}");
    }

    #[test]
    fn yaml_null_is_null() {
        assert_eq!(
            yaml("a: ~\nb: null\nc:\n").unwrap(),
            json!({"a": null, "b": null, "c": null})
        );
        assert_eq!(yaml("").unwrap(), Value::Null);
        assert_eq!(yaml("# only a comment\n").unwrap(), Value::Null);
    }

    #[test]
    fn yaml_non_finite_numbers_are_refused_where_they_are() {
        for number in [".inf", "-.Inf", ".nan", "1e400"] {
            let error = yaml_error(&format!("a:\n  b: [1, {number}]\n"));
            assert_eq!(
                error.message,
                format!(
                    "invalid YAML: the number `{number}` cannot be represented in JSON \
                     at line 2 column 10"
                )
            );
            assert_eq!(line_column(&error), (Some(2), Some(10)));
            assert_eq!(error.location.pointer, "/a/b/1");
        }
    }

    #[test]
    fn numbers_outside_64_bits_are_read_as_floats_in_yaml_and_json() {
        let limits = "maximum: 18446744073709551616\nminimum: -9223372036854775809\n\
                      u: 18446744073709551615\ni: -9223372036854775808\nh: 0x10000000000000000\n";
        let value = yaml(limits).unwrap();
        assert_eq!(
            value["maximum"].as_f64(),
            Some(18_446_744_073_709_551_616.0)
        );
        assert!(value["maximum"].is_f64());
        assert_eq!(
            value["minimum"].as_f64(),
            Some(-9_223_372_036_854_775_809.0)
        );
        assert!(value["minimum"].is_f64());
        assert_eq!(value["u"].as_u64(), Some(u64::MAX));
        assert_eq!(value["i"].as_i64(), Some(i64::MIN));
        assert_eq!(value["h"].as_f64(), Some(18_446_744_073_709_551_616.0));

        // serde_json (without `arbitrary_precision`) reads such integers as f64 too.
        let json = load(&Source::new(
            "a.json",
            r#"{"maximum": 18446744073709551616, "minimum": -9223372036854775809,
                "u": 18446744073709551615, "i": -9223372036854775808}"#,
        ))
        .unwrap();
        assert_eq!(json["maximum"], value["maximum"]);
        assert_eq!(json["minimum"], value["minimum"]);
        assert_eq!(json["u"].as_u64(), Some(u64::MAX));
        assert_eq!(json["i"].as_i64(), Some(i64::MIN));

        let error = load(&Source::new("a.json", "{\"x\": 1e400}")).unwrap_err();
        assert!(error.message.starts_with("invalid JSON"), "{error}");
        assert_eq!(error.location.line, Some(1));
        let error = yaml_error("x: 1e400\n");
        assert!(
            error.message.contains("`1e400` cannot be represented"),
            "{error}"
        );
    }

    #[test]
    fn yaml_syntax_errors_have_the_parsers_line_and_column() {
        let error = yaml_error("a: 1\nb: [1, 2\n");
        assert_eq!(
            error.to_string(),
            "a.yaml:2:4: error: invalid YAML: unclosed bracket '[' at line 2 column 4"
        );
        let error = yaml_error("a: b: c\n");
        assert!(error.message.starts_with("invalid YAML: "), "{error}");
        assert_eq!(line_column(&error), (Some(1), Some(5)));

        let error = yaml_error("a:\n\tb: 1\n");
        assert!(error.message.contains("tab"), "{error}");
        assert_eq!(error.location.line, Some(2));

        let error = yaml_error("a: \"never closed\n");
        assert_eq!(error.location.line, Some(1));
    }

    #[test]
    fn yaml_duplicate_keys_are_refused_at_the_duplicate() {
        let error = yaml_error("paths:\n  /a: 1\n  /b: 2\n  /a: 3\n");
        assert_eq!(
            error.to_string(),
            "a.yaml:4:3 (at #/paths/~1a): error: invalid YAML: duplicate key `/a` in a mapping \
             at line 4 column 3"
        );
        // Keys are compared as the strings they become.
        let error = yaml_error("{200: a, '200': b}");
        assert_eq!(line_column(&error), (Some(1), Some(10)));
    }

    #[test]
    fn yaml_alias_bomb_fails_fast() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..=12 {
            let previous = format!("*a{}", level - 1);
            let items = [previous.as_str(); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let error = yaml_error(&text);
        assert!(
            error.message.contains("repetition limit exceeded"),
            "{error}"
        );
        assert_eq!(error.location.line, Some(5));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));

        // A document may copy anchors more than it is long, within the limit.
        let mut text = String::from("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        for i in 0..1000 {
            text.push_str(&format!("b{i}: *a\n"));
        }
        assert_eq!(
            yaml(&text).unwrap()["b999"],
            json!([1, 2, 3, 4, 5, 6, 7, 8, 9])
        );
    }

    #[test]
    fn deep_yaml_nesting_is_a_recursion_limit_error() {
        let depth = 10_000;
        let flow = format!("x: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let error = yaml_error(&flow);
        assert!(error.message.contains("recursion limit"), "{error}");
        assert_eq!(error.location.line, Some(1));

        let mut block = String::new();
        for level in 0..200 {
            block.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
        }
        let error = yaml_error(&block);
        assert!(error.message.contains("recursion limit"), "{error}");

        let nested = format!("x: {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(yaml(&nested).is_ok());
    }

    #[test]
    fn a_second_yaml_document_is_an_error() {
        let error = yaml_error("openapi: 3.1.0\n---\nopenapi: 3.0.3\n");
        assert!(error.message.contains("a second document"), "{error}");
        assert_eq!(line_column(&error), (Some(2), Some(1)));
        // One document, with explicit start and end markers, is fine.
        assert_eq!(yaml("---\na: 1\n...\n").unwrap(), json!({"a": 1}));
    }

    #[test]
    fn yaml_flow_collections_may_close_at_their_keys_indentation() {
        // Not strict YAML 1.2, but what libyaml (and so serde_yaml) read, and real specs have it.
        let text = "a:\n  example: {\n    \"80/tcp\": {}\n  }\n  list: [\n    {}\n  ]\n";
        assert_eq!(
            yaml(text).unwrap(),
            json!({"a": {"example": {"80/tcp": {}}, "list": [{}]}})
        );
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let source = Source::new("a.json", "{\n  \"a\": ,\n}");
        let error = load(&source).unwrap_err();
        assert_eq!(error.location.line, Some(2));
        assert!(
            error.message.starts_with("invalid JSON"),
            "{}",
            error.message
        );
    }

    #[test]
    fn format_is_detected_from_name_then_content() {
        assert_eq!(Format::detect("x.yml", "{"), Format::Yaml);
        assert_eq!(Format::detect("x", " {\"a\":1}"), Format::Json);
        assert_eq!(Format::detect("x", "a: 1"), Format::Yaml);
    }
}
