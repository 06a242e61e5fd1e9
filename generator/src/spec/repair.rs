//! Stage 2c: defects with one evident repair are repaired on the JSON value, before it is
//! deserialised, and each repair is reported as a located warning.
//!
//! Real specs are written in a hurry, and a user cannot fix a partner's spec. Where the intent
//! is plain (a path variable nobody declared is a path parameter; a header that no request can
//! carry is left out), the repair is made and the user is told; where it is not, the later
//! stages report an error.

use crate::spec::document::{self, Spec};
use serde_json::{Map, Value, json};

use crate::diagnostic::Problem;
use crate::spec::pointer::{fragment_pointer, push_token, resolve, split_pointer};
use crate::spec::walk::{
    self, METHODS, Position, Subschemas, Walk, subschemas, template_variables,
};

/// Repairs the operations of `paths`: query strings in path keys, path variables with no
/// parameter, path parameters with no variable, header parameters whose names no request can
/// carry, and request bodies with no content.
pub(crate) fn repair_paths(document: &mut Value) -> Vec<Problem> {
    let mut warnings = Vec::new();
    paths_without_slash(document, &mut warnings);
    split_query_strings(document, &mut warnings);
    let paths: Vec<String> = document
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for path in paths {
        path_item(document, &path, &mut warnings);
    }
    warnings
}

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

/// Deserialises the document. A value of the wrong type in a place that shapes no code (a
/// `description`, `example`, `externalDocs`, `x-*`, ...) is left out with a warning, and the
/// document is read again; any other problem is the error it is.
pub(crate) fn deserialize(document: &mut Value) -> (Result<Spec, Problem>, Vec<Problem>) {
    // Each repair costs one more attempt; a document with more such defects than this is
    // reported at the next one.
    const ATTEMPTS: usize = 200;
    let mut warnings = Vec::new();
    for _ in 0..ATTEMPTS {
        match document::deserialize(document) {
            Ok(spec) => return (Ok(spec), warnings),
            Err(problem) => {
                let why = problem
                    .message
                    .trim_start_matches("not a valid OpenAPI document: ");
                // Where serde could follow the path, the pointer names the node; in a map that
                // `openapiv3` flattens (a schema's keywords), it stops at the object, whose
                // documentation keys are then checked by their JSON types.
                let nodes: Vec<(String, String)> = match documentation_node(&problem.pointer) {
                    Some(at) => vec![(at, why.to_owned())],
                    None => mistyped_documentation(document, &problem.pointer),
                };
                let mut removed = false;
                for (at, why) in nodes {
                    if remove(document, &at) {
                        removed = true;
                        let key = split_pointer(&at).pop().unwrap_or_default();
                        warnings.push(Problem::warning(
                            at,
                            format!("`{key}` is left out: it has the wrong shape ({why}), and it shapes no code"),
                        ));
                    }
                }
                if !removed {
                    let reshaped = schemas_in_type(document, &problem.pointer);
                    if reshaped.is_empty() {
                        return (Err(problem), warnings);
                    }
                    warnings.extend(reshaped);
                }
            }
        }
    }
    (document::deserialize(document), warnings)
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

/// Path keys must start with `/`; `openapiv3` passes over any other key without a word. A
/// key that is a path without its slash (`pets/{id}`) is that path; one with no path at all
/// (`?a=b`), or whose slashed form is taken, is left out. Each with a warning.
fn paths_without_slash(document: &mut Value, warnings: &mut Vec<Problem>) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    let stray = |key: &String| !key.starts_with('/') && !key.starts_with("x-");
    if !paths.keys().any(stray) {
        return;
    }
    let mut out = Map::with_capacity(paths.len());
    let taken: Vec<String> = paths
        .keys()
        .filter(|k| k.starts_with('/'))
        .cloned()
        .collect();
    for (key, item) in std::mem::take(paths) {
        if !stray(&key) {
            out.insert(key, item);
            continue;
        }
        let at = push_token("/paths", &key);
        let slashed = format!("/{key}");
        let left_out = if key.is_empty() || key.starts_with('?') {
            Some(format!("`{key}` has no path (a path starts with `/`)"))
        } else if taken.contains(&slashed) {
            Some(format!(
                "`{key}` is no path (a path starts with `/`), and `{slashed}` is a path already"
            ))
        } else {
            None
        };
        if let Some(why) = left_out {
            warnings.push(Problem::warning(
                at,
                format!("{why}: its operations are left out"),
            ));
            continue;
        }
        warnings.push(Problem::warning(
            at,
            format!("`{key}` is no path (a path starts with `/`): it is read as `{slashed}`"),
        ));
        out.insert(slashed, item);
    }
    *paths = out;
}

/// `/search?q={q}&format=json`: the path is `/search`, and each pair of the query string is a
/// required query parameter, a template variable's of type string, a fixed value's an enum of
/// that one value.
fn split_query_strings(document: &mut Value, warnings: &mut Vec<Problem>) {
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    // The key stays as it is, so that `$ref`s into the path item still resolve, and two keys
    // that differ only in their query strings stay two operations; lowering sends requests to
    // the part before `?`.
    for (key, item) in paths.iter_mut() {
        let Some((path, query)) = key.split_once('?') else {
            continue;
        };
        let mut added = Vec::new();
        if let Some(item) = item.as_object_mut() {
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                let variable = value.strip_prefix('{').and_then(|v| v.strip_suffix('}'));
                let parameter = match variable {
                    Some(variable) => {
                        // A parameter declared for the variable (often as `in: path`) becomes
                        // the query parameter; otherwise a string one is added.
                        if retarget(item, variable, name) {
                            added.push(format!("`{name}`"));
                            continue;
                        }
                        json!({ "name": name, "in": "query", "required": true,
                                "schema": { "type": "string" } })
                    }
                    None => json!({ "name": name, "in": "query", "required": true,
                                    "description": format!("Always `{value}`."),
                                    "schema": { "type": "string", "enum": [value] } }),
                };
                added.push(format!("`{name}`"));
                let parameters = item
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(parameters) = parameters {
                    parameters.push(parameter);
                }
            }
        }
        let what = if added.is_empty() {
            String::new()
        } else {
            format!(
                ", with the required query parameter(s) {}",
                added.join(", ")
            )
        };
        warnings.push(Problem::warning(
            push_token("/paths", key),
            format!("the path `{key}` carries a query string: requests go to `{path}`{what}"),
        ));
    }
}

/// Makes the inline parameter declared for `variable` (at path level or in any operation) the
/// query parameter `name`; whether there was one.
fn retarget(item: &mut Map<String, Value>, variable: &str, name: &str) -> bool {
    let mut found = false;
    let mut lists: Vec<&mut Value> = Vec::new();
    for (key, value) in item.iter_mut() {
        if key == "parameters" {
            lists.push(value);
        } else if METHODS.contains(&key.as_str()) {
            if let Some(parameters) = value.get_mut("parameters") {
                lists.push(parameters);
            }
        }
    }
    for list in lists {
        for parameter in list.as_array_mut().into_iter().flatten() {
            let matches = parameter.get("name").and_then(Value::as_str) == Some(variable)
                && matches!(
                    parameter.get("in").and_then(Value::as_str),
                    Some("path" | "query")
                );
            if let (true, Some(parameter)) = (matches, parameter.as_object_mut()) {
                parameter.insert("name".to_owned(), json!(name));
                parameter.insert("in".to_owned(), json!("query"));
                parameter.insert("required".to_owned(), json!(true));
                found = true;
            }
        }
    }
    found
}

/// A parameter's name and location (`in`).
type ParameterKey = (String, String);

/// The object `value` is, or the one its `$ref` points at.
fn deref<'v>(document: &'v Value, value: &'v Value) -> Option<&'v Value> {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(document, reference.strip_prefix('#')?),
        None => Some(value),
    }
}

/// A parameter as declared (inline, or where its `$ref` points): its name and location.
fn parameter_key(document: &Value, parameter: &Value) -> Option<ParameterKey> {
    let parameter = deref(document, parameter)?;
    Some((
        parameter.get("name")?.as_str()?.to_owned(),
        parameter.get("in")?.as_str()?.to_owned(),
    ))
}

/// RFC 9110's `token`: the characters a header name may have.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Marks for removal, with a warning, the parameters of the list at `list_at` that no request
/// can carry: a header whose name is not a token, a path parameter the template `path` lacks.
fn leave_out(
    list_at: &str,
    keys: &[Option<ParameterKey>],
    path: &str,
    removals: &mut Vec<(String, usize)>,
    warnings: &mut Vec<Problem>,
) {
    let variables = template_variables(path);
    for (i, key) in keys.iter().enumerate() {
        let Some((name, location)) = key else {
            continue;
        };
        let (at, message) = match location.as_str() {
            "header" if !is_token(name) => (
                format!("{list_at}/{i}/name"),
                format!(
                    "header parameter name `{name}` is not a valid HTTP header name: the parameter is left out of the builder"
                ),
            ),
            "path" if !variables.contains(name) => (
                format!("{list_at}/{i}"),
                format!(
                    "path parameter `{name}` does not appear in the path template `{path}`: it is left out"
                ),
            ),
            _ => continue,
        };
        removals.push((list_at.to_owned(), i));
        warnings.push(Problem::warning(at, message));
    }
}

/// Repairs one path item's operations.
fn path_item(document: &mut Value, path: &str, warnings: &mut Vec<Problem>) {
    let item_at = push_token("/paths", path);
    let Some(item) = document.pointer(&item_at) else {
        return;
    };
    if !item.is_object() || item.get("$ref").is_some() {
        return;
    }
    let variables = template_variables(path);
    let keys = |list: Option<&Value>| -> Vec<Option<ParameterKey>> {
        list.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| parameter_key(document, p))
            .collect()
    };
    let shared_at = format!("{item_at}/parameters");
    let shared = keys(item.get("parameters"));
    // (method, the pointer of its parameters, their keys)
    let operations: Vec<(&str, String, Vec<Option<ParameterKey>>)> = METHODS
        .iter()
        .filter_map(|m| {
            let own = keys(item.get(*m)?.get("parameters"));
            Some((*m, format!("{}/parameters", push_token(&item_at, m)), own))
        })
        .collect();
    let empty_bodies: Vec<&str> = METHODS
        .iter()
        .copied()
        .filter(|m| {
            item.get(*m)
                .and_then(|op| op.get("requestBody"))
                .and_then(|body| deref(document, body))
                .is_some_and(|body| {
                    body.get("content")
                        .and_then(Value::as_object)
                        .is_none_or(Map::is_empty)
                })
        })
        .collect();

    // What to remove (list pointer, index) and add (operation, variable), decided before the
    // document is changed.
    let mut removals: Vec<(String, usize)> = Vec::new();
    let mut additions: Vec<(&str, &String)> = Vec::new();
    for (method, own_at, own) in &operations {
        // An operation's parameter overrides a shared one of the same name and location.
        let declared = |variable: &String| {
            own.iter()
                .chain(&shared)
                .flatten()
                .any(|(name, location)| name == variable && location == "path")
        };
        for variable in variables.iter().filter(|v| !declared(v)) {
            additions.push((method, variable));
            warnings.push(Problem::warning(
                push_token(&item_at, method),
                format!("path template variable `{{{variable}}}` of `{path}` is not declared as a path parameter: it is added as a required string path parameter"),
            ));
        }
        leave_out(own_at, own, path, &mut removals, warnings);
    }
    leave_out(&shared_at, &shared, path, &mut removals, warnings);

    // Now change the document: removals from the back, so indices stay right.
    removals.sort();
    for (list, i) in removals.iter().rev() {
        if let Some(Value::Array(items)) = document.pointer_mut(list) {
            if *i < items.len() {
                items.remove(*i);
            }
        }
    }
    for (method, variable) in additions {
        let op_at = push_token(&item_at, method);
        if let Some(Value::Object(operation)) = document.pointer_mut(&op_at) {
            let parameters = operation
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(parameters) = parameters {
                parameters.push(json!({ "name": variable, "in": "path", "required": true,
                                        "schema": { "type": "string" } }));
            }
        }
    }
    for method in empty_bodies {
        let op_at = push_token(&item_at, method);
        warnings.push(Problem::warning(
            format!("{op_at}/requestBody"),
            "the request body has no `content` (no media type): the operation is generated without a body",
        ));
        if let Some(Value::Object(operation)) = document.pointer_mut(&op_at) {
            operation.shift_remove("requestBody");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(paths: Value) -> (Value, Vec<String>) {
        let mut document = json!({ "openapi": "3.0.3", "info": { "title": "t", "version": "1" },
                                    "paths": paths });
        let warnings = repair_paths(&mut document)
            .into_iter()
            .map(|p| format!("{}: {}", p.pointer, p.message))
            .collect();
        (document["paths"].clone(), warnings)
    }

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

    #[test]
    fn undeclared_path_variables_become_string_parameters() {
        let (paths, warnings) = repaired(json!({
            "/users/{id}/items/{item}": {
                "parameters": [{ "name": "id", "in": "path", "required": true,
                                 "schema": { "type": "integer" } }],
                "get": { "responses": { "204": { "description": "ok" } } }
            }
        }));
        let get = &paths["/users/{id}/items/{item}"]["get"];
        assert_eq!(get["parameters"][0]["name"], "item");
        assert_eq!(get["parameters"][0]["in"], "path");
        assert_eq!(get["parameters"].as_array().map(Vec::len), Some(1));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].starts_with(
            "/paths/~1users~1{id}~1items~1{item}/get: path template variable `{item}`"
        ));
    }

    #[test]
    fn query_strings_in_path_keys_become_query_parameters() {
        let (paths, warnings) = repaired(json!({
            "/a": { "get": { "responses": {} } },
            "/search?q={q}&format=json": {
                "get": {
                    "parameters": [{ "name": "q", "in": "path", "required": true,
                                     "schema": { "type": "string" } }],
                    "responses": {}
                }
            },
            "/z": { "get": { "responses": {} } }
        }));
        let keys: Vec<&String> = paths
            .as_object()
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            ["/a", "/search?q={q}&format=json", "/z"],
            "the keys and their order are kept"
        );
        let item = &paths["/search?q={q}&format=json"];
        assert_eq!(item["get"]["parameters"][0]["in"], "query");
        assert_eq!(item["parameters"][0]["name"], "format");
        assert_eq!(item["parameters"][0]["schema"]["enum"][0], "json");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("requests go to `/search`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn stray_path_parameters_bad_headers_and_empty_bodies_are_left_out() {
        let (paths, warnings) = repaired(json!({
            "/a": {
                "post": {
                    "parameters": [
                        { "name": "X Request Id", "in": "header", "schema": { "type": "string" } },
                        { "name": "ghost", "in": "path", "required": true, "schema": { "type": "string" } },
                        { "name": "kept", "in": "query", "schema": { "type": "string" } }
                    ],
                    "requestBody": { "content": {} },
                    "responses": {}
                }
            }
        }));
        let post = &paths["/a"]["post"];
        assert_eq!(post["parameters"].as_array().map(Vec::len), Some(1));
        assert_eq!(post["parameters"][0]["name"], "kept");
        assert!(post.get("requestBody").is_none());
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn header_names_are_tokens() {
        assert!(is_token("X-Request-Id"));
        assert!(!is_token("X Request Id"));
        assert!(!is_token(""));
        assert!(!is_token("결제"));
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
