//! The normalised, repaired JSON value to the typed document that `lower` reads: `openapiv3`'s
//! `OpenAPI`, 3.1's webhooks (which `openapiv3`, a 3.0 reader, does not know), and every schema
//! that a `$ref` points at other than a whole component (`openapiv3` gives no way to reach a
//! schema by pointer), each read once.
//!
//! `openapiv3` flattens several maps (paths, responses, components), and serde cannot track the
//! path of an error through a flattened map, so an error there would only say `#/paths`. When
//! that happens, each entry of the map is deserialised on its own to find the one that fails,
//! and the error is reported at its full pointer.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, Schema};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostic::Problem;
use crate::spec::pointer::{push_token, resolve};
use crate::spec::walk::{self, Position};

/// The typed document.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    /// The document as `openapiv3` reads it.
    pub openapi: OpenAPI,
    /// 3.1's webhooks, by name, in document order.
    pub webhooks: Vec<(String, PathItem)>,
    /// The schemas that `$ref`s point at other than whole components (`#/components/schemas/
    /// Pet/properties/owner`, `$defs` entries, a schema inside a path's response), by the
    /// reference as written.
    pub schemas: IndexMap<String, Schema>,
}

/// The prefix of a `$ref` to a whole schema component.
pub(crate) const COMPONENT_SCHEMA: &str = "#/components/schemas/";

/// Reads the typed document, reporting the first error at the most precise pointer found.
pub(crate) fn deserialize(value: &Value) -> Result<Spec, Problem> {
    let openapi = whole(value)?;
    let mut webhooks = Vec::new();
    if let Some(items) = value.get("webhooks").and_then(Value::as_object) {
        for (name, item) in items {
            let at = push_token("/webhooks", name);
            let item = attempt::<PathItem>(item, &at).map_err(|p| narrow(value, p))?;
            webhooks.push((name.clone(), item));
        }
    }
    let mut schemas = IndexMap::new();
    for site in walk::refs(value) {
        let reference = site.reference;
        let whole_component = reference
            .strip_prefix(COMPONENT_SCHEMA)
            .is_some_and(|name| !name.contains('/'));
        if !site.in_schema || whole_component || schemas.contains_key(&reference) {
            continue;
        }
        let Some(target) = reference.strip_prefix('#').filter(|t| t.starts_with('/')) else {
            continue;
        };
        // A schema is only looked for where one can stand (`#/info` is no schema, though
        // anything reads as one); a `$ref` that points elsewhere is reported by lowering.
        if walk::position_of(value, target) != Some(Position::Schema) {
            continue;
        }
        let Some(node) = resolve(value, target) else {
            continue;
        };
        let schema = attempt::<Schema>(node, target).map_err(|p| narrow(value, p))?;
        schemas.insert(reference, schema);
    }
    Ok(Spec {
        openapi,
        webhooks,
        schemas,
    })
}

/// `openapiv3`'s document.
fn whole(value: &Value) -> Result<OpenAPI, Problem> {
    // Tracking the path costs time on every node; it is only needed to report an error.
    if let Ok(document) = OpenAPI::deserialize(value) {
        return Ok(document);
    }
    match attempt::<OpenAPI>(value, "") {
        Ok(document) => Ok(document),
        Err(problem) => Err(narrow(value, problem)),
    }
}

/// Deserialises `value` (found at `base`) as `T`, with the error's path as a JSON pointer.
fn attempt<T: DeserializeOwned>(value: &Value, base: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = base.to_owned();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = format!("{pointer}/{index}");
                }
                serde_path_to_error::Segment::Map { key } => pointer = push_token(&pointer, key),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        Problem::new(
            pointer,
            format!("not a valid OpenAPI document: {}", e.inner()),
        )
    })
}

/// Retries the entries of the flattened map the error stopped at, to find the failing one.
fn narrow(root: &Value, problem: Problem) -> Problem {
    let tokens = crate::spec::pointer::split_pointer(&problem.pointer);
    let found = match tokens
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["paths"] => each::<openapiv3::PathItem>(root, "/paths"),
        ["components"] => components(root),
        [.., "responses"] => each::<openapiv3::Response>(root, &problem.pointer),
        _ => None,
    };
    match found {
        // The entry's own error may again stop at a flattened map (an operation's responses).
        Some(deeper) if deeper.pointer != problem.pointer => narrow(root, deeper),
        _ => problem,
    }
}

/// The first entry of the object at `pointer` that does not deserialise as `T`. Entries are
/// tried as `T` itself rather than as `ReferenceOr<T>`: serde loses an error's path inside an
/// untagged enum, and a `$ref` entry (skipped here) cannot hold the error anyway.
fn each<T: DeserializeOwned>(root: &Value, pointer: &str) -> Option<Problem> {
    let object = root.pointer(pointer)?.as_object()?;
    object.iter().find_map(|(key, entry)| {
        if key.starts_with("x-") || entry.get("$ref").is_some() {
            return None;
        }
        attempt::<T>(entry, &push_token(pointer, key)).err()
    })
}

fn components(root: &Value) -> Option<Problem> {
    each::<openapiv3::Schema>(root, "/components/schemas")
        .or_else(|| each::<openapiv3::Response>(root, "/components/responses"))
        .or_else(|| each::<openapiv3::Parameter>(root, "/components/parameters"))
        .or_else(|| each::<openapiv3::RequestBody>(root, "/components/requestBodies"))
        .or_else(|| each::<openapiv3::Header>(root, "/components/headers"))
        .or_else(|| each::<openapiv3::SecurityScheme>(root, "/components/securitySchemes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_inside_flattened_maps_get_their_full_pointer() {
        let value = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": { "/a": { "get": { "responses": {
                "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object", "required": "id" } } } }
            } } } }
        });
        let problem = deserialize(&value).unwrap_err();
        assert!(
            problem.pointer.starts_with("/paths/~1a/get/responses/200"),
            "{}",
            problem.pointer
        );
    }

    #[test]
    fn errors_in_components_get_their_full_pointer() {
        let value = json!({
            "openapi": "3.1.0",
            "info": { "title": "t", "version": "1" },
            "paths": {},
            "components": { "parameters": { "P": { "name": "p", "in": "nowhere" } } }
        });
        let problem = deserialize(&value).unwrap_err();
        assert!(
            problem.pointer.starts_with("/components/parameters/P"),
            "{}",
            problem.pointer
        );
    }
}
