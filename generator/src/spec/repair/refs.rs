//! Where `$ref`s point: pointers written through other `$ref`s, pointers to a part of a
//! component rather than a whole one, and `$ref`s to the wrong kind of object.

use serde_json::{Value, json};

use crate::diagnostic::Problem;
use crate::spec::pointer::{fragment_pointer, push_token, resolve, split_pointer};
use crate::spec::walk::{self, Position, Walk};

/// Lets `$ref`s point anywhere in the document, not only at whole components. A percent-encoded
/// pointer (`#/paths/~1pets~1%7Bid%7D`) is decoded. A `$ref` that stands for a response,
/// parameter, request body, header, path item or callback and points elsewhere than at a
/// whole component is replaced by what it points at, whose schemas keep pointing home, so
/// each is still generated once; `$ref`s that stand for schemas are followed by lowering.
///
/// `$ref`s that point at the wrong kind of object have one evident repair, made with a
/// warning: a response that points at a schema answers with that schema as JSON, and a schema
/// that points at a parameter, header, response, request body or media type is the schema that
/// one carries (any JSON value, if it carries none).
pub(crate) fn follow_refs(document: &mut Value) -> Vec<Problem> {
    let mut warnings = Vec::new();
    // A copy may bring `$ref`s of its own; a few rounds settle any real document.
    for _ in 0..8 {
        let mut changed = false;
        for site in walk::refs(document) {
            let Some(target) = site.reference.strip_prefix('#') else {
                continue;
            };
            let Some(decoded) = fragment_pointer(document, target) else {
                continue;
            };
            let tokens = split_pointer(&decoded);
            let whole_component = tokens.len() == 3 && tokens[0] == "components";
            let site_tokens = split_pointer(&site.pointer);
            let at = push_token(&site.pointer, "$ref");
            let is_response = site_tokens.len() >= 2
                && site_tokens[site_tokens.len() - 2] == "responses"
                && !site.in_schema;
            if is_response && whole_component && tokens[1] == "schemas" {
                if let Some(site_object) = document.pointer_mut(&site.pointer) {
                    *site_object = json!({
                        "description": "",
                        "content": { "application/json": { "schema": { "$ref": format!("#{decoded}") } } }
                    });
                    warnings.push(Problem::warning(
                        at,
                        format!("`$ref: {}` stands for a response but points at a schema: the response's JSON body is that schema", site.reference),
                    ));
                    changed = true;
                }
                continue;
            }
            // A schema `$ref` to a parameter, header, response or media type means the schema
            // that one carries; if it carries none, the schema says nothing.
            let not_schema = site.in_schema
                && walk::position_of(document, &decoded).is_some_and(|p| p != Position::Schema);
            if let Some(what) = not_schema.then(|| carrier(document, &decoded)).flatten() {
                // The carrier may itself be a `$ref` (a response to components/responses).
                let Some(carrier_at) = follow(document, &decoded) else {
                    continue;
                };
                let (replacement, why) = match carried_schema(document, &carrier_at) {
                    Some(schema) => (
                        json!({ "$ref": format!("#{schema}") }),
                        format!("points at {what}: its schema is used"),
                    ),
                    None => (
                        json!({}),
                        format!(
                            "points at {what} that carries no schema: any JSON value is accepted"
                        ),
                    ),
                };
                if let Some(site_object) = document.pointer_mut(&site.pointer) {
                    *site_object = replacement;
                    warnings.push(Problem::warning(
                        at,
                        format!("`$ref: {}` stands for a schema but {why}", site.reference),
                    ));
                    changed = true;
                }
                continue;
            }
            // `openapiv3` reads neither a `$ref` as a callback nor one inside it, and knows no
            // components of 3.1's other kinds (`pathItems`).
            let in_callback = site_tokens.iter().any(|t| t == "callbacks");
            let known_component = whole_component && COMPONENT_KINDS.contains(&tokens[1].as_str());
            let inline = !site.in_schema && (!known_component || in_callback);
            if inline {
                let Some(found) = resolve(document, &decoded).cloned() else {
                    continue;
                };
                let mut copy = found;
                point_schemas_home(&mut copy, &decoded);
                if let (Some(Value::Object(site_object)), Value::Object(copy_object)) =
                    (document.pointer_mut(&site.pointer), &mut copy)
                {
                    // Siblings of the `$ref` (a 3.1 `description`, `summary`) win.
                    for (key, value) in std::mem::take(site_object) {
                        if key != "$ref" {
                            copy_object.insert(key, value);
                        }
                    }
                    *site_object = std::mem::take(copy_object);
                    changed = true;
                }
            } else {
                // A schema that is only a `$ref` (and not a whole component, which lowering
                // follows as an alias) is skipped over: the `$ref` points where that one does.
                let onward = match resolve(document, &decoded) {
                    Some(Value::Object(o))
                        if site.in_schema && !whole_component && o.len() == 1 =>
                    {
                        o.get("$ref").and_then(Value::as_str).map(str::to_owned)
                    }
                    _ => None,
                };
                let wanted = onward.unwrap_or_else(|| format!("#{decoded}"));
                if wanted != site.reference {
                    if let Some(reference) = document.pointer_mut(&at) {
                        *reference = Value::String(wanted);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    warnings
}

/// `$ref`s whose pointers pass through another `$ref`, as a tool writes them that followed
/// references on its way: `#/paths/~1a/get/responses/200/content/application~1json/schema/
/// properties/b`, where that `schema` is `{$ref: '#/components/schemas/A'}`, means `#/components/
/// schemas/A/properties/b`. Each is pointed at the place it means, with a warning. This runs
/// before `normalize`, which moves a `$ref` with siblings into an `allOf`.
pub(crate) fn canonical_refs(document: &mut Value) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for site in walk::refs(document) {
        let Some(target) = site.reference.strip_prefix('#') else {
            continue;
        };
        let Some(decoded) = fragment_pointer(document, target) else {
            continue;
        };
        if walk::position_of(document, &decoded).is_some() {
            continue;
        }
        let at = push_token(&site.pointer, "$ref");
        if let (Some(found), Some(reference)) =
            (through_refs(document, &decoded), document.pointer_mut(&at))
        {
            *reference = Value::String(format!("#{found}"));
            warnings.push(Problem::warning(
                at,
                format!(
                    "`$ref: {}` leads through other `$ref`s to `#{found}`, which is used",
                    site.reference
                ),
            ));
        }
    }
    warnings
}

/// The place `pointer` means when each `$ref` met where the pointer cannot go on is followed;
/// `None` when it means none, or no `$ref` was needed.
fn through_refs(document: &Value, pointer: &str) -> Option<String> {
    let mut at = String::new();
    let mut node = document;
    let mut position = Position::Structure;
    // A loop of `$ref`s is cut short; validation reports the pointer as unresolved.
    let mut hops = 0;
    for token in split_pointer(pointer) {
        loop {
            if let Some((child, p)) = walk::step(node, position, &token) {
                (node, position) = (child, p);
                at = push_token(&at, &token);
                break;
            }
            let Some(Value::String(reference)) = node.get("$ref") else {
                return None;
            };
            hops += 1;
            if hops > 32 {
                return None;
            }
            let target = fragment_pointer(document, reference.strip_prefix('#')?)?;
            node = resolve(document, &target)?;
            position = walk::position_of(document, &target)?;
            at = target;
        }
    }
    (hops > 0).then_some(at)
}

/// What the node at `pointer` is, if it is one that carries a schema: a parameter, header,
/// response, request body or media type. Told by where it sits, or by its keys.
fn carrier(document: &Value, pointer: &str) -> Option<&'static str> {
    let node = resolve(document, pointer)?.as_object()?;
    let tokens = split_pointer(pointer);
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());
    Some(match parent {
        Some("responses") => "a response",
        Some("requestBodies") => "a request body",
        Some("headers") => "a header",
        Some("parameters") => "a parameter",
        Some("content") => "a media type",
        Some("requestBody") | None => return None,
        Some(_) if node.contains_key("in") && node.contains_key("schema") => "a parameter",
        Some(_) => match tokens.last().map(String::as_str) {
            Some("requestBody") => "a request body",
            _ => return None,
        },
    })
}

/// Where the node at `pointer` leads when it is a `$ref` (to one, ...): the pointer of the
/// first node on the way that is not; `None` if the way leaves the document or loops.
fn follow(document: &Value, pointer: &str) -> Option<String> {
    let mut at = pointer.to_owned();
    for _ in 0..32 {
        match resolve(document, &at)?.get("$ref") {
            Some(Value::String(reference)) => {
                at = fragment_pointer(document, reference.strip_prefix('#')?)?;
            }
            _ => return Some(at),
        }
    }
    None
}

/// The pointer of the schema that the node at `pointer` carries: its `schema`, or the schema of
/// its only (or its JSON) media type.
fn carried_schema(document: &Value, pointer: &str) -> Option<String> {
    let node = resolve(document, pointer)?;
    if node.get("schema").is_some_and(Value::is_object) {
        return Some(push_token(pointer, "schema"));
    }
    let content = node.get("content")?.as_object()?;
    let media_type = if content.len() == 1 {
        content.keys().next()?
    } else {
        content.keys().find(|m| m.contains("json"))?
    };
    content.get(media_type)?.get("schema")?.as_object()?;
    let at = push_token(&push_token(pointer, "content"), media_type);
    Some(push_token(&at, "schema"))
}

/// In a copy of the structure at `home`, each inline schema becomes a `$ref` to where it sits,
/// so that the copy and the original share one generated type.
fn point_schemas_home(value: &mut Value, home: &str) {
    walk::visit_mut(
        value,
        home,
        Position::Structure,
        &mut |node, pointer, position| {
            match position {
                // A `$ref` in the structure is followed on its own.
                Position::Structure if node.get("$ref").is_some() => Walk::Over,
                Position::Schema => {
                    if node.is_object() && node.get("$ref").is_none() {
                        *node = json!({ "$ref": format!("#{pointer}") });
                    }
                    Walk::Over
                }
                _ => Walk::Into,
            }
        },
    );
}

/// The kinds of `components` that `openapiv3` reads, whose `$ref`s it follows.
const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_ref_to_a_carrier_that_is_itself_a_ref_uses_the_schema_at_its_end() {
        let mut document = json!({
            "paths": { "/a": { "get": {
                "parameters": [{ "$ref": "#/components/parameters/Limit" }],
                "responses": {
                    "200": { "$ref": "#/components/responses/Pets" },
                    "201": { "content": { "application/json": { "schema": { "properties": {
                        "pets": { "$ref": "#/paths/~1a/get/responses/200" },
                        "limit": { "$ref": "#/paths/~1a/get/parameters/0" }
                    } } } } }
                }
            } } },
            "components": {
                "parameters": { "Limit": { "name": "limit", "in": "query", "schema": { "type": "integer" } } },
                "responses": { "Pets": { "description": "ok", "content": { "application/json": {
                    "schema": { "type": "array" }
                } } } }
            }
        });
        let warnings = follow_refs(&mut document);
        let properties = "/paths/~1a/get/responses/201/content/application~1json/schema/properties";
        assert_eq!(
            document.pointer(&format!("{properties}/pets/$ref")),
            Some(&json!(
                "#/components/responses/Pets/content/application~1json/schema"
            ))
        );
        assert_eq!(
            document.pointer(&format!("{properties}/limit/$ref")),
            Some(&json!("#/components/parameters/Limit/schema"))
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
