//! The one walk over a spec's JSON value, and what it knows about where things stand: which
//! keys of a path item are operations, which keywords of a schema hold subschemas, and, for
//! every node, whether it is part of the document's structure (paths, operations, responses,
//! ...), a schema, or a map or list of schemas. Inside a schema it tells keywords from names
//! (the keys of `properties`): a property named `default` or `enum` is a property, not data;
//! an `example` is data, never walked. Every stage that looks through the whole document, or
//! a node and all it holds, walks it with [`visit`] or [`visit_mut`]; code that reads one known
//! place (a path item's parameters) reads it directly.

use serde_json::Value;

use crate::spec::pointer::{Pointer, split_pointer};

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

/// The `{variables}` of a path template, in order. A query string after the path (`/search?
/// q={q}`, which repair reads as query parameters) is not part of it.
pub(crate) fn template_variables(path: &str) -> Vec<String> {
    let mut variables = Vec::new();
    let mut rest = request_path(path);
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        variables.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    variables
}

/// The path that requests go to, for a path key that may carry a query string.
pub(crate) fn request_path(key: &str) -> &str {
    key.split_once('?').map_or(key, |(path, _)| path)
}

/// What a node of the document is, which decides how its members are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// Part of the document's structure: paths, operations, parameters, responses, components.
    Structure,
    /// A map of the structure whose keys are names (`headers`, `content`, `callbacks`,
    /// `components/responses`): a header named `x-request-id` or `example` is a header.
    StructureMap,
    /// `components`: each key a kind of component, each holding a map of names.
    Components,
    /// A schema: its members are keywords, of which only those holding subschemas are walked.
    Schema,
    /// A map of schemas (`components/schemas`, `properties`, `$defs`): its keys are names, so a
    /// property named `default` or `enum` is a schema like any other.
    SchemaMap,
    /// A list of schemas (`allOf`, `prefixItems`).
    SchemaList,
}

impl Position {
    /// Whether the keys of a node here are names rather than keywords.
    pub fn holds_names(self) -> bool {
        matches!(self, Position::SchemaMap | Position::StructureMap)
    }
}

/// Whether a walk goes on into a node's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    Into,
    Over,
}

/// The position of the member `key` (holding `child`) of a node at `position`; `None` for a
/// member that is data (an example, a default value, enum values, an extension) or a keyword
/// that holds no subschema, which a walk leaves alone.
fn member(position: Position, key: &str, child: &Value) -> Option<Position> {
    match position {
        Position::Structure => match key {
            "schema" => Some(Position::Schema),
            "schemas" | "$defs" | "definitions" => Some(Position::SchemaMap),
            "components" => Some(Position::Components),
            // Maps of names. (`paths` and `responses` are not: their other keys are
            // extensions, and a path or status never looks like a keyword.)
            "headers" | "content" | "callbacks" | "links" | "encoding" | "variables"
            | "parameters" | "requestBodies" | "securitySchemes" | "pathItems" => {
                Some(Position::StructureMap)
            }
            // The default response, or a server variable's default: structure.
            "default" => Some(Position::Structure),
            // `examples` here is a map of Example objects, which shape no code.
            "example" | "examples" | "enum" | "const" => None,
            key if key.starts_with("x-") => None,
            _ => Some(Position::Structure),
        },
        Position::Schema => match (subschemas(key)?, child) {
            (Subschemas::Map, _) => Some(Position::SchemaMap),
            (Subschemas::List | Subschemas::One, Value::Array(_)) => Some(Position::SchemaList),
            (Subschemas::One, _) => Some(Position::Schema),
            (Subschemas::List, _) => None,
        },
        Position::SchemaMap => Some(Position::Schema),
        Position::StructureMap => Some(Position::Structure),
        Position::Components => match key {
            "schemas" => Some(Position::SchemaMap),
            // Example objects shape no code; extensions are data.
            "examples" => None,
            key if key.starts_with("x-") => None,
            _ => Some(Position::StructureMap),
        },
        Position::SchemaList => None,
    }
}

/// The position of the items of an array at `position`.
fn item(position: Position) -> Option<Position> {
    match position {
        // `parameters` is a list in an operation and a map in components.
        Position::Structure | Position::StructureMap => Some(Position::Structure),
        Position::SchemaList => Some(Position::Schema),
        Position::Schema | Position::SchemaMap | Position::Components => None,
    }
}

/// Whether a node is visited: every object and array, and scalars where a schema stands (a
/// 3.1 boolean schema); the strings and numbers of the structure are of no walk's concern.
fn visited(value: &Value, position: Position) -> bool {
    position == Position::Schema || value.is_object() || value.is_array()
}

/// Calls `f` on `value` (at `base`, in `position`) and on every node inside it that a walk
/// visits, parents before their members, with each node's pointer and position. Where `f`
/// answers [`Walk::Over`], the node's members are not visited.
pub(crate) fn visit(
    value: &Value,
    base: &str,
    position: Position,
    f: &mut dyn FnMut(&Value, &str, Position) -> Walk,
) {
    fn go(
        value: &Value,
        pointer: &mut Pointer,
        position: Position,
        f: &mut dyn FnMut(&Value, &str, Position) -> Walk,
    ) {
        if f(value, pointer.as_str(), position) == Walk::Over {
            return;
        }
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    if let Some(at) = member(position, key, child).filter(|&p| visited(child, p)) {
                        pointer.push(key);
                        go(child, pointer, at, f);
                        pointer.pop();
                    }
                }
            }
            Value::Array(items) => {
                let Some(at) = item(position) else { return };
                for (i, child) in items.iter().enumerate() {
                    if visited(child, at) {
                        pointer.push_index(i);
                        go(child, pointer, at, f);
                        pointer.pop();
                    }
                }
            }
            _ => {}
        }
    }
    go(value, &mut Pointer::new(base), position, f);
}

/// [`visit`], with each node open to change. A node's members are read after `f` has seen
/// the node, so members that `f` adds are visited too.
pub(crate) fn visit_mut(
    value: &mut Value,
    base: &str,
    position: Position,
    f: &mut dyn FnMut(&mut Value, &str, Position) -> Walk,
) {
    fn go(
        value: &mut Value,
        pointer: &mut Pointer,
        position: Position,
        f: &mut dyn FnMut(&mut Value, &str, Position) -> Walk,
    ) {
        if f(value, pointer.as_str(), position) == Walk::Over {
            return;
        }
        match value {
            Value::Object(object) => {
                for (key, child) in object.iter_mut() {
                    if let Some(at) = member(position, key, child).filter(|&p| visited(child, p)) {
                        pointer.push(key);
                        go(child, pointer, at, f);
                        pointer.pop();
                    }
                }
            }
            Value::Array(items) => {
                let Some(at) = item(position) else { return };
                for (i, child) in items.iter_mut().enumerate() {
                    if visited(child, at) {
                        pointer.push_index(i);
                        go(child, pointer, at, f);
                        pointer.pop();
                    }
                }
            }
            _ => {}
        }
    }
    go(value, &mut Pointer::new(base), position, f);
}

/// The position of the node at `pointer` in `document`, found by following the pointer from
/// the root as a walk would; `None` where no walk goes (inside an example, or a keyword that
/// holds no schema) or where the pointer leads nowhere.
pub(crate) fn position_of(document: &Value, pointer: &str) -> Option<Position> {
    let mut position = Position::Structure;
    let mut node = document;
    for token in split_pointer(pointer) {
        (node, position) = step(node, position, &token)?;
    }
    Some(position)
}

/// One step of a walk down from `node`, at `position`: its member or item `token`, and that
/// one's position; `None` where no walk goes (a list keyword that holds an object is no list).
pub(crate) fn step<'v>(
    node: &'v Value,
    position: Position,
    token: &str,
) -> Option<(&'v Value, Position)> {
    match node {
        Value::Object(object) => {
            let child = object.get(token)?;
            Some((child, member(position, token, child)?))
        }
        Value::Array(items) => Some((items.get(token.parse::<usize>().ok()?)?, item(position)?)),
        _ => None,
    }
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
    refs_from(document, "", Position::Structure)
}

/// Every `$ref` in the node at `start` of `document`, a node at `position`, in document order.
pub(crate) fn refs_from(document: &Value, start: &str, position: Position) -> Vec<RefSite> {
    let mut sites = Vec::new();
    let Some(node) = document.pointer(start) else {
        return sites;
    };
    visit(node, start, position, &mut |node, pointer, position| {
        if let Some(Value::String(reference)) = node.get("$ref") {
            sites.push(RefSite {
                pointer: pointer.to_owned(),
                reference: reference.clone(),
                in_schema: position == Position::Schema,
            });
        }
        Walk::Into
    });
    sites
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn positions_are_found_by_following_the_pointer() {
        let document = json!({
            "info": { "title": "t" },
            "paths": { "/a": { "get": { "responses": { "200": {
                "headers": { "x-request-id": { "schema": { "type": "string" } } },
                "content": {
                    "application/json": {
                        "schema": { "type": "object" },
                        "example": { "schema": { "type": "object" } }
                    }
                }
            } } } } },
            "components": {
                "responses": { "R": { "description": "r" } },
                "schemas": { "A": {
                    "properties": { "default": { "items": { "type": "string" } } },
                    "allOf": [{ "type": "object" }],
                    "enum": [{ "type": "object" }]
                } }
            },
            "$defs": { "x": {} }
        });
        let content = "/paths/~1a/get/responses/200/content/application~1json";
        for (pointer, position) in [
            (format!("{content}/schema"), Some(Position::Schema)),
            (format!("{content}/example/schema"), None),
            (
                "/components/schemas/A/properties".into(),
                Some(Position::SchemaMap),
            ),
            (
                "/components/schemas/A/properties/default".into(),
                Some(Position::Schema),
            ),
            (
                "/components/schemas/A/properties/default/items".into(),
                Some(Position::Schema),
            ),
            (
                "/components/schemas/A/allOf".into(),
                Some(Position::SchemaList),
            ),
            (
                "/components/schemas/A/allOf/0".into(),
                Some(Position::Schema),
            ),
            ("/components/schemas/A/enum/0".into(), None),
            ("/$defs/x".into(), Some(Position::Schema)),
            ("/info".into(), Some(Position::Structure)),
            (
                "/paths/~1a/get/responses/200/headers/x-request-id/schema".into(),
                Some(Position::Schema),
            ),
            ("/components".into(), Some(Position::Components)),
            ("/components/responses".into(), Some(Position::StructureMap)),
            ("/components/responses/R".into(), Some(Position::Structure)),
            ("/nowhere".into(), None),
            (String::new(), Some(Position::Structure)),
        ] {
            assert_eq!(position_of(&document, &pointer), position, "{pointer}");
        }
    }

    #[test]
    fn a_walk_can_pass_over_a_node_and_sees_what_it_adds() {
        let mut document = json!({ "paths": { "/a": { "get": { "parameters": [
            { "schema": { "properties": { "b": {} } } }
        ] } } } });
        let mut seen = Vec::new();
        visit_mut(
            &mut document,
            "",
            Position::Structure,
            &mut |node, pointer, position| {
                seen.push(pointer.to_owned());
                if position == Position::Schema {
                    node["items"] = json!({ "type": "string" });
                    return Walk::Over;
                }
                Walk::Into
            },
        );
        assert_eq!(
            seen,
            [
                "",
                "/paths",
                "/paths/~1a",
                "/paths/~1a/get",
                "/paths/~1a/get/parameters",
                "/paths/~1a/get/parameters/0",
                "/paths/~1a/get/parameters/0/schema"
            ]
        );
        assert_eq!(
            document.pointer("/paths/~1a/get/parameters/0/schema/items/type"),
            Some(&json!("string"))
        );
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
