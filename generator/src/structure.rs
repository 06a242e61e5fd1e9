//! Where things stand in a spec's JSON value: which keys of a path item are operations, which
//! keywords of a schema hold subschemas, which pointers name a schema, and one walk over the
//! document's `$ref`s that knows whether each stands in the document's structure (paths,
//! operations, responses, ...) or inside a schema. Inside a schema it tells keywords from names
//! (the keys of `properties`): a property named `default` or `enum` is a property, not data; an
//! `example` is data, never walked.

use serde_json::Value;

use crate::diagnostic::push_token;

/// The keys of a path item that are operations.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How a schema keyword holds subschemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subschemas {
    /// A map of them, by name (`properties`, `$defs`).
    Map,
    /// A list of them (`allOf`, `prefixItems`).
    List,
    /// One (`items`, `not`; 2019-09's `items` may also be a list).
    One,
}

/// Whether, and how, the schema keyword `key` holds subschemas.
pub(crate) fn subschemas(key: &str) -> Option<Subschemas> {
    match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            Some(Subschemas::Map)
        }
        "allOf" | "oneOf" | "anyOf" | "prefixItems" => Some(Subschemas::List),
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
        | "additionalItems" => Some(Subschemas::One),
        _ => None,
    }
}

/// The `{variables}` of a path template, in order.
pub(crate) fn template_variables(path: &str) -> Vec<String> {
    let mut variables = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        variables.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    variables
}

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
    let last = tokens.last().map(String::as_str).unwrap_or_default();
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());
    last == "schema"
        || subschemas(last) == Some(Subschemas::One)
        || matches!(parent, Some("schemas" | "items"))
        || parent
            .and_then(subschemas)
            .is_some_and(|s| s != Subschemas::One)
}

/// Keys whose values are data (examples, defaults, values), never spec structure.
fn is_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// A node of the document's structure.
fn structure(value: &Value, pointer: &str, sites: &mut Vec<RefSite>) {
    match value {
        Value::Object(object) => {
            push_ref(object, pointer, false, sites);
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
    push_ref(object, pointer, true, sites);
    for (key, child) in object {
        let at = push_token(pointer, key);
        match (subschemas(key), child) {
            (Some(Subschemas::Map), _) => schema_map(child, &at, sites),
            (Some(Subschemas::List | Subschemas::One), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    schema(item, &format!("{at}/{i}"), sites);
                }
            }
            (Some(Subschemas::One), _) => schema(child, &at, sites),
            _ => {}
        }
    }
}

/// Records the `$ref` of `object`, if it has one.
fn push_ref(
    object: &serde_json::Map<String, Value>,
    pointer: &str,
    in_schema: bool,
    sites: &mut Vec<RefSite>,
) {
    if let Some(Value::String(reference)) = object.get("$ref") {
        sites.push(RefSite {
            pointer: pointer.to_owned(),
            reference: reference.clone(),
            in_schema,
        });
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
