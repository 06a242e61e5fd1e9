//! Stage 2: bring OpenAPI 3.1 (JSON Schema 2020-12) down to the 3.0 shape the `openapiv3` crate
//! reads, on the JSON value, before it is deserialised.
//!
//! `openapiv3` reads 3.0 only: it rejects type arrays, numeric `exclusiveMinimum`, boolean
//! schemas and a missing `paths`, and silently drops `const`, `examples` and the siblings of a
//! `$ref`. Each of those is rewritten here into its 3.0 equivalent.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::spec::origins::Origins;
use crate::spec::pointer::{Pointer, push_token};
use crate::spec::walk::{self, Position, Subschemas, Walk, subschemas};

/// Rewrites the document in place. What moved (a `$ref` with siblings, which goes into an
/// `allOf`) is recorded, so that a problem found later is placed where the node was written.
pub(crate) fn normalize(document: &mut Value) -> Origins {
    let mut moved = Origins::default();
    let Some(root) = document.as_object_mut() else {
        return moved;
    };
    if !root.contains_key("paths") {
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    drop_transport_security(root);
    resolve_ids(document);
    walk::visit_mut(
        document,
        "",
        Position::Structure,
        &mut |node, pointer, position| {
            if position == Position::Schema {
                // `schema` rewrites the schema and all it holds, children first.
                schema(node, &mut Pointer::new(pointer), &mut moved);
                return Walk::Over;
            }
            if let Some(Value::Object(encoding)) = node.get_mut("encoding") {
                explode_forms(encoding);
            }
            Walk::Into
        },
    );
    moved
}

/// A property encoded `style: form` is exploded unless it says otherwise; `openapiv3` reads a
/// missing `explode` as `false` for every style, so the default is written out.
fn explode_forms(encoding: &mut Map<String, Value>) {
    for property in encoding.values_mut().filter_map(Value::as_object_mut) {
        if property.get("style").and_then(Value::as_str) == Some("form")
            && !property.contains_key("explode")
        {
            property.insert("explode".to_owned(), Value::Bool(true));
        }
    }
}

/// 3.1 schemas may name themselves with `$id` (a URI) and mark subschemas with `$anchor`, and
/// a `$ref` may use those names (`/api/schemas/pet`, `/api/schemas/pet#pet_id`). Every such
/// reference is rewritten to the JSON pointer of the schema it names.
fn resolve_ids(document: &mut Value) {
    let names = ids(document);
    if names.is_empty() {
        return;
    }
    walk::visit_mut(document, "", Position::Structure, &mut |node, _, _| {
        if let Some(Value::String(reference)) = node.get_mut("$ref") {
            let target = names.get(reference.as_str()).cloned().or_else(|| {
                // `<$id>#/json/pointer` into a named schema.
                let (base, fragment) = reference.split_once("#/")?;
                Some(format!("{}/{fragment}", names.get(base)?))
            });
            if let Some(target) = target {
                *reference = format!("#{target}");
            }
        }
        Walk::Into
    });
}

/// The pointer of each schema named by an `$id` or an `$anchor`, by every name a `$ref` may
/// use for it: the `$id`, `<base $id>#<anchor>` and `#<anchor>`.
fn ids(document: &Value) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    // The schemas with an `$id` that hold the node being visited, outermost first.
    let mut bases: Vec<(String, String)> = Vec::new();
    walk::visit(
        document,
        "",
        Position::Structure,
        &mut |node, pointer, position| {
            if position != Position::Schema {
                return Walk::Into;
            }
            while let Some((at, _)) = bases.last() {
                let inside = pointer
                    .strip_prefix(at.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
                if inside {
                    break;
                }
                bases.pop();
            }
            if let Some(Value::String(id)) = node.get("$id") {
                names.insert(id.clone(), pointer.to_owned());
                bases.push((pointer.to_owned(), id.clone()));
            }
            if let Some(Value::String(anchor)) = node.get("$anchor") {
                let base = bases.last().map_or("", |(_, id)| id.as_str());
                names.insert(format!("{base}#{anchor}"), pointer.to_owned());
                names
                    .entry(format!("#{anchor}"))
                    .or_insert_with(|| pointer.to_owned());
            }
            Walk::Into
        },
    );
    names
}

/// 3.1's `mutualTLS` security scheme is set up in the TLS client, not in a request, and
/// `openapiv3` does not know it: the scheme and every requirement naming it are removed.
fn drop_transport_security(root: &mut Map<String, Value>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let dropped: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").is_some_and(|t| t == "mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    if dropped.is_empty() {
        return;
    }
    schemes.retain(|name, _| !dropped.contains(name));
    let strip = |security: &mut Value| {
        if let Value::Array(requirements) = security {
            for requirement in requirements.iter_mut() {
                if let Value::Object(r) = requirement {
                    r.retain(|name, _| !dropped.contains(name));
                }
            }
        }
    };
    if let Some(security) = root.get_mut("security") {
        strip(security);
    }
    for key in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get_mut(key) else {
            continue;
        };
        for item in items.values_mut().filter_map(Value::as_object_mut) {
            for operation in item.values_mut().filter_map(Value::as_object_mut) {
                if let Some(security) = operation.get_mut("security") {
                    strip(security);
                }
            }
        }
    }
}

/// Rewrites one schema, which is at `at`, and everything nested in it; what moves is recorded
/// in `moved`.
fn schema(value: &mut Value, at: &mut Pointer, moved: &mut Origins) {
    // Boolean schemas: `true` accepts anything, `false` nothing.
    if let Value::Bool(accepts) = value {
        *value = if *accepts {
            json!({})
        } else {
            json!({ "not": {} })
        };
        return;
    }
    let Some(object) = value.as_object_mut() else {
        return;
    };

    // `$ref: #/...` unquoted in YAML is a `$ref` followed by a comment: the value is null. The
    // schema says nothing then, and is read as one that accepts any value.
    if object.get("$ref").is_some_and(Value::is_null) {
        object.remove("$ref");
    }

    // Subschemas first, so that the rewrites below see normalised children.
    for (key, child) in object.iter_mut() {
        let Some(kind) = subschemas(key) else {
            continue;
        };
        at.push(key);
        match kind {
            Subschemas::Map => {
                if let Some(map) = child.as_object_mut() {
                    for (name, child) in map.iter_mut() {
                        at.push(name);
                        schema(child, at, moved);
                        at.pop();
                    }
                }
            }
            Subschemas::List => {
                if let Some(items) = child.as_array_mut() {
                    for (index, child) in items.iter_mut().enumerate() {
                        at.push_index(index);
                        schema(child, at, moved);
                        at.pop();
                    }
                }
            }
            // `additionalProperties: false` keeps its meaning for `openapiv3`.
            Subschemas::One
                if child.is_object() || (child.is_boolean() && key != "additionalProperties") =>
            {
                schema(child, at, moved)
            }
            Subschemas::One => {}
        }
        at.pop();
    }

    // `type: [T, "null"]` is 3.0's `type: T, nullable: true`; several non-null types become an
    // `anyOf` with one branch per type.
    if let Some(Value::Array(types)) = object.get("type") {
        let had_null = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        object.remove("type");
        match others.as_slice() {
            [] => {}
            [only] => {
                object.insert("type".to_owned(), only.clone());
            }
            many => {
                let branches = many
                    .iter()
                    .map(|t| {
                        let mut branch = object.clone();
                        branch.remove("description");
                        branch.remove("nullable");
                        branch.insert("type".to_owned(), t.clone());
                        Value::Object(branch)
                    })
                    .collect();
                let keep = [
                    "description",
                    "title",
                    "deprecated",
                    "readOnly",
                    "writeOnly",
                ];
                object.retain(|k, _| keep.contains(&k.as_str()));
                object.insert("anyOf".to_owned(), Value::Array(branches));
            }
        }
        if had_null {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
    } else if object.get("type").is_some_and(|t| t == "null") {
        object.remove("type");
        object.insert("nullable".to_owned(), Value::Bool(true));
    }

    // `const: v` is a one-value enum.
    if let Some(constant) = object.remove("const") {
        object
            .entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }

    // 3.1 `examples` is an array of examples; 3.0 has a single `example`.
    if let Some(Value::Array(mut examples)) = object.remove("examples") {
        if !object.contains_key("example") && !examples.is_empty() {
            object.insert("example".to_owned(), examples.swap_remove(0));
        }
    }

    // Numeric `exclusiveMinimum: n` is `minimum: n, exclusiveMinimum: true`, unless a
    // `minimum` beside it is stricter (3.1 lets both stand; both apply).
    for (exclusive, bound, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        if let Some(n @ Value::Number(_)) = object.get(exclusive).cloned() {
            let limit = n.as_f64().unwrap_or_default();
            let other = object.get(bound).and_then(Value::as_f64);
            let other_stricter = other.is_some_and(|b| if lower { b > limit } else { b < limit });
            if other_stricter {
                object.remove(exclusive);
            } else {
                object.insert(bound.to_owned(), n);
                object.insert(exclusive.to_owned(), Value::Bool(true));
            }
        }
    }

    // A null branch of a union makes the union nullable.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = object.get_mut(key) {
            let before = branches.len();
            branches.retain(|b| !is_null_schema(b));
            if branches.len() != before {
                object.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
    }

    // `$ref` with siblings: `openapiv3` would keep the reference and drop the rest, so the
    // reference moves into an `allOf` and the siblings (a description, `nullable`) stay. A
    // problem with the reference, found later at `allOf/0/$ref`, is placed at the `$ref`
    // as written; the branches of an `allOf` beside it each move one place on.
    if object.contains_key("$ref") && object.len() > 1 {
        if let Some(reference) = object.remove("$ref") {
            let branch = json!({ "$ref": reference });
            let all_of = push_token(at.as_str(), "allOf");
            let written = push_token(at.as_str(), "$ref");
            match object.get_mut("allOf") {
                Some(Value::Array(all_of_items)) => {
                    moved.renumber(&all_of);
                    for index in (0..all_of_items.len()).rev() {
                        moved.record_copy(
                            &format!("{all_of}/{}", index + 1),
                            &format!("{all_of}/{index}"),
                        );
                    }
                    all_of_items.insert(0, branch);
                }
                _ => {
                    object.insert("allOf".to_owned(), Value::Array(vec![branch]));
                }
            }
            moved.record_copy(&format!("{all_of}/0"), &written);
            moved.record_copy(&format!("{all_of}/0/$ref"), &written);
        }
    }
}

fn is_null_schema(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        (o.get("type").is_some_and(|t| t == "null")
            || o.get("nullable") == Some(&Value::Bool(true)) && o.len() == 1)
            && o.keys()
                .all(|k| k == "type" || k == "nullable" || k == "description")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized_schema(schema: Value) -> Value {
        let mut document = json!({ "components": { "schemas": { "S": schema } } });
        normalize(&mut document);
        document["components"]["schemas"]["S"].take()
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        assert_eq!(
            normalized_schema(json!({ "type": ["string", "null"], "format": "date" })),
            json!({ "type": "string", "format": "date", "nullable": true })
        );
    }

    #[test]
    fn several_types_become_any_of() {
        assert_eq!(
            normalized_schema(json!({ "type": ["string", "integer"], "description": "d" })),
            json!({ "description": "d", "anyOf": [{ "type": "string" }, { "type": "integer" }] })
        );
    }

    #[test]
    fn a_ref_moved_into_all_of_is_placed_where_it_was_written() {
        // An outer `$ref` beside an `allOf` whose branch is itself a `$ref` with siblings.
        let mut document = json!({ "components": { "schemas": { "S": {
            "$ref": "#/components/schemas/T",
            "description": "outer",
            "allOf": [
                { "$ref": "#/components/schemas/U", "nullable": true },
                { "properties": { "p": { "$ref": "#/components/schemas/V", "description": "p" } } }
            ]
        } } } });
        let moved = normalize(&mut document);
        let s = "/components/schemas/S";
        assert_eq!(
            document.pointer(&format!("{s}/allOf/1/allOf/0/$ref")),
            Some(&json!("#/components/schemas/U"))
        );
        for (now, written) in [
            ("/allOf/0/$ref", "/$ref"),
            ("/allOf/0", "/$ref"),
            ("/allOf/1/allOf/0/$ref", "/allOf/0/$ref"),
            ("/allOf/1/nullable", "/allOf/0/nullable"),
            (
                "/allOf/2/properties/p/allOf/0/$ref",
                "/allOf/1/properties/p/$ref",
            ),
            (
                "/allOf/2/properties/p/description",
                "/allOf/1/properties/p/description",
            ),
            ("/description", "/description"),
        ] {
            assert_eq!(
                moved.source_of(&format!("{s}{now}")),
                format!("{s}{written}"),
                "{now}"
            );
        }
    }

    #[test]
    fn ref_with_siblings_keeps_its_description() {
        assert_eq!(
            normalized_schema(json!({ "$ref": "#/components/schemas/T", "description": "d" })),
            json!({ "description": "d", "allOf": [{ "$ref": "#/components/schemas/T" }] })
        );
        assert_eq!(
            normalized_schema(json!({ "$ref": "#/components/schemas/T" })),
            json!({ "$ref": "#/components/schemas/T" })
        );
    }

    #[test]
    fn const_examples_and_numeric_exclusive_bounds() {
        assert_eq!(
            normalized_schema(json!({ "const": "A", "examples": ["A", "B"] })),
            json!({ "enum": ["A"], "example": "A" })
        );
        assert_eq!(
            normalized_schema(json!({ "type": "integer", "exclusiveMinimum": 0 })),
            json!({ "type": "integer", "exclusiveMinimum": true, "minimum": 0 })
        );
        assert_eq!(
            normalized_schema(json!({ "type": "integer", "exclusiveMinimum": 0, "minimum": 5 })),
            json!({ "type": "integer", "minimum": 5 })
        );
        assert_eq!(
            normalized_schema(json!({ "type": "number", "exclusiveMaximum": 9, "maximum": 9 })),
            json!({ "type": "number", "exclusiveMaximum": true, "maximum": 9 })
        );
    }

    #[test]
    fn boolean_schemas_and_null_branches() {
        assert_eq!(normalized_schema(json!(true)), json!({}));
        assert_eq!(normalized_schema(json!(false)), json!({ "not": {} }));
        assert_eq!(
            normalized_schema(json!({ "oneOf": [{ "$ref": "#/a" }, { "type": "null" }] })),
            json!({ "oneOf": [{ "$ref": "#/a" }], "nullable": true })
        );
    }

    #[test]
    fn mutual_tls_schemes_and_their_requirements_are_dropped() {
        let mut document = json!({
            "security": [{ "mtls": [] }, { "key": [] }],
            "paths": { "/a": { "get": { "security": [{ "mtls": [], "key": [] }] } } },
            "components": { "securitySchemes": {
                "mtls": { "type": "mutualTLS" },
                "key": { "type": "apiKey", "in": "header", "name": "K" }
            } }
        });
        normalize(&mut document);
        assert_eq!(document["security"], json!([{}, { "key": [] }]));
        assert_eq!(
            document["paths"]["/a"]["get"]["security"],
            json!([{ "key": [] }])
        );
        assert_eq!(
            document["components"]["securitySchemes"]
                .as_object()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn refs_by_id_and_anchor_become_pointers() {
        let mut document = json!({
            "components": { "schemas": {
                "Pet": { "properties": {
                    "details": { "$ref": "/api/schemas/details" },
                    "details_id": { "$ref": "/api/schemas/details#details_id" },
                    "details_name": { "$ref": "/api/schemas/details#/properties/name" },
                    "broken": { "$ref": null }
                } },
                "Details": { "$id": "/api/schemas/details", "properties": {
                    "id": { "$anchor": "details_id", "type": "integer" },
                    "name": { "type": "string" }
                } }
            } }
        });
        normalize(&mut document);
        let properties = &document["components"]["schemas"]["Pet"]["properties"];
        assert_eq!(
            properties["details"]["$ref"],
            "#/components/schemas/Details"
        );
        assert_eq!(
            properties["details_id"]["$ref"],
            "#/components/schemas/Details/properties/id"
        );
        assert_eq!(
            properties["details_name"]["$ref"],
            "#/components/schemas/Details/properties/name"
        );
        assert_eq!(properties["broken"], json!({}));
    }

    #[test]
    fn nested_schemas_and_missing_paths() {
        let mut document = json!({
            "paths": { "/a": { "get": { "responses": { "200": { "content": {
                "application/json": {
                    "schema": { "type": "object", "properties": { "p": { "type": ["integer", "null"] } } },
                    "example": { "schema": { "type": ["x", "null"] } }
                }
            } } } } } }
        });
        normalize(&mut document);
        let media =
            &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"]["properties"]["p"],
            json!({ "type": "integer", "nullable": true })
        );
        // Example data is left alone.
        assert_eq!(media["example"]["schema"]["type"], json!(["x", "null"]));

        let mut empty = json!({ "openapi": "3.1.0" });
        normalize(&mut empty);
        assert_eq!(empty["paths"], json!({}));
    }
}
