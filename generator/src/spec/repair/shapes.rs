//! Values of the wrong shape, found when the document is deserialised: documentation (a
//! `description`, `example`, `x-*`, a schema's constraints) of the wrong JSON type is left out,
//! and a schema written inside `type` is read as that schema.

use serde_json::{Map, Value};

use crate::diagnostic::Problem;
use crate::spec::document::{self, Spec};
use crate::spec::pointer::{push_token, split_pointer};
use crate::spec::walk::{self, Position, Subschemas, Walk, subschemas};

/// Deserialises the document. A value of the wrong type in a place that shapes no code (a
/// `description`, `example`, `externalDocs`, `x-*`, ...) is left out with a warning, and the
/// document is read again; any other problem is the error it is.
pub(crate) fn deserialize(document: &mut Value) -> (Result<Spec, Problem>, Vec<Problem>) {
    // Each attempt finds one defect, and repairs it and its like inside the node serde stopped
    // at. After a few, the whole document is searched at once: a spec written by a tool
    // repeats its defect in every schema, and one attempt per schema would take long.
    const ONE_AT_A_TIME: usize = 8;
    const ATTEMPTS: usize = 200;
    let mut warnings = Vec::new();
    for attempt in 0..ATTEMPTS {
        match document::deserialize(document) {
            Ok(spec) => return (Ok(spec), warnings),
            Err(problem) => {
                let why = problem
                    .message
                    .trim_start_matches("not a valid OpenAPI document: ");
                let scopes: &[&str] = if attempt < ONE_AT_A_TIME {
                    &[&problem.pointer]
                } else {
                    &["", &problem.pointer]
                };
                let mut repaired = false;
                for scope in scopes {
                    let found = repair_in(document, scope, &problem.pointer, why);
                    if !found.is_empty() {
                        warnings.extend(found);
                        repaired = true;
                        break;
                    }
                }
                if !repaired {
                    return (Err(problem), warnings);
                }
            }
        }
    }
    (document::deserialize(document), warnings)
}

/// Repairs what serde stopped at (`pointer`, where it failed for `why`), and any value of the
/// same kinds of wrong shape inside the node at `scope`: documentation of the wrong JSON type
/// is left out, and a schema written inside `type` is read as that schema. The warnings, one
/// per repair; empty when nothing could be repaired.
fn repair_in(document: &mut Value, scope: &str, pointer: &str, why: &str) -> Vec<Problem> {
    // Where serde could follow the path, the pointer names the node; in a map that `openapiv3`
    // flattens (a schema's keywords), it stops at the object, whose documentation keys are
    // then checked by their JSON types.
    let nodes: Vec<(String, String)> = match documentation_node(pointer) {
        Some(at) if scope == pointer => vec![(at, why.to_owned())],
        _ => mistyped_documentation(document, scope),
    };
    let mut warnings = Vec::new();
    for (at, why) in nodes {
        if remove(document, &at) {
            let key = split_pointer(&at).pop().unwrap_or_default();
            warnings.push(Problem::warning(
                at,
                format!(
                    "`{key}` is left out: it has the wrong shape ({why}), and it shapes no code"
                ),
            ));
        }
    }
    if warnings.is_empty() {
        warnings = schemas_in_type(document, scope);
    }
    warnings
}

/// Keys whose values document the API but shape no generated code.
const DOCUMENTATION: &[&str] = &[
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "externalDocs",
    "termsOfService",
    "contact",
    "license",
    "xml",
    "tags",
];

/// The pointer of the outermost documentation-only node on the way to `pointer`, if there is
/// one. A key right under `properties` (or `schemas`, `paths`) is a name, not a keyword.
fn documentation_node(pointer: &str) -> Option<String> {
    let tokens = split_pointer(pointer);
    let mut at = String::new();
    for (i, token) in tokens.iter().enumerate() {
        at = push_token(&at, token);
        let parent = i.checked_sub(1).map(|p| tokens[p].as_str());
        let is_name = matches!(parent, Some("schemas" | "paths" | "webhooks"))
            || parent.and_then(subschemas) == Some(Subschemas::Map);
        if is_name {
            continue;
        }
        if DOCUMENTATION.contains(&token.as_str()) || token.starts_with("x-") {
            return Some(at);
        }
    }
    None
}

/// The documentation keys whose values have the wrong JSON type in the object at `pointer`
/// and everything inside it, each with what was expected. Keys of a map of names (a schema's
/// `properties`) are names, not keywords, and data (`example`, `default`, `enum`) is not walked.
fn mistyped_documentation(document: &Value, pointer: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (Some(value), Some(position)) = (
        document.pointer(pointer),
        walk::position_of(document, pointer),
    ) else {
        return out;
    };
    walk::visit(value, pointer, position, &mut |node, at, position| {
        if let (Some(object), false) = (node.as_object(), position.holds_names()) {
            mistyped_keys(object, at, false, &mut out);
            if position == Position::Schema {
                mistyped_constraints(object, at, &mut out);
            }
        }
        Walk::Into
    });
    out
}

/// The constraint keywords of the schema `object` (at `pointer`) whose values have the wrong
/// JSON type. The generated code does not check constraints (the server does); they only
/// document the API, and the diff reports their changes.
fn mistyped_constraints(
    object: &Map<String, Value>,
    pointer: &str,
    out: &mut Vec<(String, String)>,
) {
    for (key, value) in object {
        let (expected, fits) = match key.as_str() {
            "pattern" => ("a string", value.is_string()),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => ("a whole number of zero or more", value.is_u64()),
            "minimum" | "maximum" | "multipleOf" => ("a number", value.is_number()),
            "exclusiveMinimum" | "exclusiveMaximum" => (
                "a boolean or a number",
                value.is_boolean() || value.is_number(),
            ),
            "uniqueItems" => ("a boolean", value.is_boolean()),
            _ => continue,
        };
        if !fits {
            out.push((push_token(pointer, key), format!("expected {expected}")));
        }
    }
}

/// Schemas whose `type` holds a schema rather than a type name (`itemType: {type: {type:
/// string, enum: [...]}}`), in the node at `pointer` and inside it, are read as the schema they
/// hold, their other keywords kept; a warning says so for each. Empty when there is none.
fn schemas_in_type(document: &mut Value, pointer: &str) -> Vec<Problem> {
    let (Some(value), Some(position)) = (
        document.pointer(pointer),
        walk::position_of(document, pointer),
    ) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk::visit(value, pointer, position, &mut |node, at, position| {
        let holds_schema = node
            .get("type")
            .and_then(Value::as_object)
            .is_some_and(|inner| {
                [
                    "type",
                    "enum",
                    "$ref",
                    "properties",
                    "items",
                    "allOf",
                    "oneOf",
                    "anyOf",
                ]
                .iter()
                .any(|k| inner.contains_key(*k))
            });
        if position == Position::Schema && holds_schema {
            found.push(at.to_owned());
        }
        Walk::Into
    });
    let mut warnings = Vec::new();
    // The innermost first, so that a pointer found stays valid while the others are rewritten.
    for at in found.into_iter().rev() {
        let Some(Value::Object(object)) = document.pointer_mut(&at) else {
            continue;
        };
        let Some(Value::Object(inner)) = object.shift_remove("type") else {
            continue;
        };
        for (key, value) in inner {
            object.entry(key).or_insert(value);
        }
        warnings.push(Problem::warning(
            push_token(&at, "type"),
            "`type` holds a schema, not a type name: the schema is read as the one it holds",
        ));
    }
    warnings
}

/// The documentation keys of `object` (at `pointer`) whose values have the wrong JSON type, and
/// those inside its documentation objects (an `externalDocs`' `description`, a `contact`'s
/// `url`), where `docs` is set.
fn mistyped_keys(
    object: &Map<String, Value>,
    pointer: &str,
    docs: bool,
    out: &mut Vec<(String, String)>,
) {
    for (key, child) in object {
        let (expected, fits) = match key.as_str() {
            "description" | "summary" | "title" | "termsOfService" => {
                ("a string", child.is_string())
            }
            "url" | "name" | "email" if docs => ("a string", child.is_string()),
            "externalDocs" | "contact" | "license" | "xml" => ("an object", child.is_object()),
            _ => continue,
        };
        let at = push_token(pointer, key);
        match child {
            Value::Object(inner) if fits => mistyped_keys(inner, &at, true, out),
            _ if fits => {}
            _ => out.push((at, format!("expected {expected}"))),
        }
    }
}

/// Removes the node at `pointer`; whether there was one.
fn remove(document: &mut Value, pointer: &str) -> bool {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return false;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(object)) => object.shift_remove(&key).is_some(),
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_defect_repeated_in_every_schema_is_repaired_everywhere() {
        // More defects than attempts: after the first few, each attempt repairs them all.
        let schemas: Map<String, Value> = (0..500)
            .map(|i| {
                let schema = serde_json::json!({
                    "type": "object",
                    "properties": {
                        "k": { "type": { "type": "string" } },
                        "n": { "type": "integer", "minimum": "0", "description": { "a": 1 } },
                    },
                });
                (format!("S{i}"), schema)
            })
            .collect();
        let mut document = serde_json::json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "schemas": schemas },
        });
        let (spec, warnings) = deserialize(&mut document);
        assert!(spec.is_ok(), "{:?}", spec.err());
        assert_eq!(warnings.len(), 1500);
        let at = |key: &str| warnings.iter().filter(|w| w.pointer.ends_with(key)).count();
        assert_eq!(at("/k/type"), 500);
        assert_eq!(at("/n/minimum"), 500);
        assert_eq!(at("/n/description"), 500);
    }

    #[test]
    fn documentation_nodes_are_found_but_property_names_are_not_keywords() {
        assert_eq!(
            documentation_node("/components/schemas/A/title").as_deref(),
            Some("/components/schemas/A/title")
        );
        assert_eq!(
            documentation_node("/paths/~1a/get/externalDocs/url").as_deref(),
            Some("/paths/~1a/get/externalDocs")
        );
        assert_eq!(
            documentation_node("/components/schemas/A/properties/description/type"),
            None
        );
        assert_eq!(documentation_node("/components/schemas/title/type"), None);
        assert_eq!(documentation_node("/tags/0/name").as_deref(), Some("/tags"));
    }
}
