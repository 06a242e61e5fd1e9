//! One walk over the JSON value of a spec that knows where it is: in the document's structure
//! (paths, operations, responses, ...) or inside a schema, and, inside a schema, which keys are
//! keywords and which are names (the keys of `properties`). A property named `default` or
//! `enum` is a property, not data; an `example` is data, never walked.

use serde_json::Value;

use crate::diagnostic::push_token;

/// Where a `$ref` was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefSite {
    /// The pointer of the object that holds the `$ref`.
    pub pointer: String,
    /// The reference as written.
    pub reference: String,
    /// Whether the object stands where a schema does (so the target is a schema).
    pub in_schema: bool,
}

/// Every `$ref` of the document, in document order.
pub(crate) fn refs(document: &Value) -> Vec<RefSite> {
    let mut sites = Vec::new();
    structure(document, "", &mut sites);
    sites
}

/// Whether the node at `pointer` stands where a schema does, judged from the keys that lead
/// to it: `…/schema`, `…/items`, `…/properties/<name>`, `…/allOf/<i>`, `…/schemas/<name>`, ...
pub(crate) fn is_schema_position(pointer: &str) -> bool {
    let tokens = crate::diagnostic::split_pointer(pointer);
    let last = tokens.last().map(String::as_str);
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());
    matches!(
        last,
        Some(
            "schema"
                | "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "additionalItems"
        )
    ) || matches!(
        parent,
        Some(
            "properties"
                | "patternProperties"
                | "$defs"
                | "definitions"
                | "schemas"
                | "dependentSchemas"
                | "allOf"
                | "oneOf"
                | "anyOf"
                | "prefixItems"
                | "items"
        )
    )
}

/// Keys whose values are data (examples, defaults, values), never spec structure.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// A node of the document's structure.
fn structure(value: &Value, pointer: &str, sites: &mut Vec<RefSite>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                sites.push(RefSite {
                    pointer: pointer.to_owned(),
                    reference: reference.clone(),
                    in_schema: false,
                });
            }
            for (key, child) in object {
                let at = push_token(pointer, key);
                match key.as_str() {
                    "schema" => schema(child, &at, sites),
                    "schemas" | "$defs" | "definitions" => schema_map(child, &at, sites),
                    // `examples` in the structure is a map of Example objects, which may be
                    // `$ref`s to components/examples; they shape no code. (`default` here is
                    // the default response, or a server variable's value: walked.)
                    key if key != "default" && is_data(key) => {}
                    _ => structure(child, &at, sites),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                structure(item, &format!("{pointer}/{i}"), sites);
            }
        }
        _ => {}
    }
}

/// A map whose values are schemas (`components/schemas`, `properties`, `$defs`).
fn schema_map(value: &Value, pointer: &str, sites: &mut Vec<RefSite>) {
    if let Value::Object(object) = value {
        for (name, child) in object {
            schema(child, &push_token(pointer, name), sites);
        }
    }
}

/// A schema.
fn schema(value: &Value, pointer: &str, sites: &mut Vec<RefSite>) {
    let Value::Object(object) = value else {
        return;
    };
    if let Some(Value::String(reference)) = object.get("$ref") {
        sites.push(RefSite {
            pointer: pointer.to_owned(),
            reference: reference.clone(),
            in_schema: true,
        });
    }
    for (key, child) in object {
        let at = push_token(pointer, key);
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                schema_map(child, &at, sites);
            }
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "additionalItems" => match child {
                // 2019-09's tuple form of `items`.
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        schema(item, &format!("{at}/{i}"), sites);
                    }
                }
                _ => schema(child, &at, sites),
            },
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                for (i, item) in child.as_array().into_iter().flatten().enumerate() {
                    schema(item, &format!("{at}/{i}"), sites);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schema_positions_are_told_by_the_keys_that_lead_there() {
        for yes in [
            "/paths/~1a/get/responses/200/content/application~1json/schema",
            "/components/schemas/A/properties/b",
            "/components/schemas/A/allOf/0",
            "/components/schemas/A/items",
            "/$defs/x",
        ] {
            assert!(is_schema_position(yes), "{yes}");
        }
        for no in ["/info", "/paths/~1a/get", "/components/responses/R", ""] {
            assert!(!is_schema_position(no), "{no}");
        }
    }

    #[test]
    fn refs_know_whether_they_stand_for_schemas() {
        let document = json!({
            "paths": { "/a": { "get": {
                "parameters": [{ "$ref": "#/components/parameters/P" }],
                "responses": { "200": {
                    "content": { "application/json": {
                        "schema": { "type": "array", "items": { "$ref": "#/x" } },
                        "example": { "$ref": "not walked" }
                    } }
                } }
            } } },
            "components": { "schemas": {
                "A": { "type": "object", "properties": {
                    "default": { "$ref": "#/components/schemas/B" },
                    "enum": { "type": "string", "enum": [{ "$ref": "data" }] }
                } }
            } }
        });
        let sites: Vec<(String, bool)> = refs(&document)
            .into_iter()
            .map(|s| (s.reference, s.in_schema))
            .collect();
        assert_eq!(
            sites,
            [
                ("#/components/parameters/P".to_owned(), false),
                ("#/x".to_owned(), true),
                ("#/components/schemas/B".to_owned(), true),
            ]
        );
    }
}
