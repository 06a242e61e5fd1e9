//! YAML to a JSON value. The parser is `granit-parser` (YAML 1.2, pure Rust without `unsafe`,
//! maintained; it replaced the deprecated `serde_yaml`, and reads the same real-world documents
//! libyaml read). It gives a stream of events, each with its line and column, from which the
//! JSON value is built here with an explicit stack: nesting depth, alias expansion and
//! duplicate keys are decided in this file, and what a plain scalar means in [`super::scalar`].

use std::collections::HashMap;

use granit_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Value};

use super::scalar::{plain_key, scalar};
use super::{Source, error_at};
use crate::diagnostic::Diagnostic;

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

pub(super) fn load_yaml(source: &Source) -> Result<Value, Diagnostic> {
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
