//! Stage 1c: a Swagger 2.0 document becomes an OpenAPI 3.0 one, which the rest of the pipeline
//! reads like any other.
//!
//! The upgrade is a translation, construct by construct (`host` and `basePath` to `servers`,
//! `consumes` and `produces` to media types, `body` and `formData` parameters to request
//! bodies, `definitions` to `components/schemas`, `collectionFormat` to `style`, and so on):
//! the 3.0 document says what the 2.0 one said, no more. Each node it writes has its origin
//! recorded in [`Origins`], so a problem found by a later stage is reported at the line and
//! column of the 2.0 source. What 2.0 itself forbids (two `body` parameters, a `$ref` to a
//! missing definition, an unknown `collectionFormat`) is an error at its place.
//!
//! It runs after [`crate::spec::bundle`], which copies what other files hold into the 2.0
//! document's own `definitions`, `parameters` and `responses`.

mod operation;
mod origins;
mod security;

pub(crate) use origins::Origins;

use serde_json::{Map, Value, json};

use crate::diagnostic::Problem;
use crate::spec::pointer::{push_token, resolve};
use crate::spec::walk::{self, Position, Walk};

/// The version written into an upgraded document.
const UPGRADED_VERSION: &str = "3.0.3";

/// What became of a document: if it was a 2.0 one, where its nodes came from, and the problems
/// found on the way (with pointers into the 2.0 document).
#[derive(Debug, Default)]
pub(crate) struct Upgrade {
    pub origins: Origins,
    pub problems: Vec<Problem>,
}

/// Whether `document` declares Swagger 2.0 (or another Swagger version, which is an error);
/// an `openapi` field wins over a stray `swagger` one.
pub(crate) fn is_swagger(document: &Value) -> bool {
    document.get("swagger").is_some() && document.get("openapi").is_none()
}

/// Upgrades `document` in place if it is a Swagger document; a 3.x document is left alone.
/// On an error the document is left as it was.
pub(crate) fn upgrade(document: &mut Value) -> Upgrade {
    if !is_swagger(document) {
        return Upgrade::default();
    }
    let version = &document["swagger"];
    let is_2_0 = match version {
        Value::String(text) => text.trim() == "2.0",
        Value::Number(number) => number.as_f64() == Some(2.0),
        _ => false,
    };
    if !is_2_0 {
        return Upgrade {
            origins: Origins::default(),
            problems: vec![Problem::new(
                "/swagger",
                format!(
                    "`swagger: {version}` is not a version oapigen reads: it reads Swagger 2.0 and \
                     OpenAPI 3.0 and 3.1"
                ),
            )],
        };
    }
    let problems = missing_targets(document);
    if !problems.is_empty() {
        return Upgrade {
            origins: Origins::default(),
            problems,
        };
    }
    let mut upgrader = Upgrader::new(document);
    let mut upgraded = upgrader.document();
    let Upgrader {
        mut origins,
        problems,
        ..
    } = upgrader;
    if problems.iter().any(Problem::is_error) {
        return Upgrade { origins, problems };
    }
    local_refs(&mut upgraded);
    schemas(&mut upgraded);
    // Every place of the 3.0 document that holds the same thing as the 2.0 one under another
    // name.
    origins.record("/components/schemas", "/definitions");
    origins.record("/components/parameters", "/parameters");
    origins.record("/components/responses", "/responses");
    origins.record("/openapi", "/swagger");
    *document = upgraded;
    Upgrade { origins, problems }
}

/// An error for each local `$ref` that points at nothing. (After bundling, every `$ref` of a
/// 2.0 document is local.)
fn missing_targets(document: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    for site in walk::refs(document) {
        let Some(fragment) = site.reference.strip_prefix('#') else {
            continue;
        };
        if resolve(document, fragment).is_none() {
            let what = match fragment.split('/').nth(1) {
                Some("definitions") => "definition",
                Some("parameters") => "parameter",
                Some("responses") => "response",
                _ => "node",
            };
            problems.push(Problem::new(
                push_token(&site.pointer, "$ref"),
                format!(
                    "`$ref: {}` points at no {what} of this document",
                    site.reference
                ),
            ));
        }
    }
    problems
}

/// The 2.0 fields a document may have, besides extensions.
const FIELDS: &[&str] = &[
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];

/// The state of one upgrade: the 2.0 document, and what has been learned and found so far.
struct Upgrader<'d> {
    old: &'d Map<String, Value>,
    /// The media types requests and responses have where an operation names none.
    consumes: Vec<String>,
    produces: Vec<String>,
    origins: Origins,
    problems: Vec<Problem>,
}

impl<'d> Upgrader<'d> {
    fn new(document: &'d Value) -> Self {
        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        let old = document.as_object().unwrap_or(&EMPTY);
        Self {
            old,
            consumes: strings(old.get("consumes")),
            produces: strings(old.get("produces")),
            origins: Origins::default(),
            problems: Vec::new(),
        }
    }

    fn document(&mut self) -> Value {
        let old = self.old;
        let mut out = Map::new();
        out.insert("openapi".into(), json!(UPGRADED_VERSION));
        for key in ["info", "externalDocs"] {
            if let Some(value) = old.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        if let Some(servers) = self.servers() {
            out.insert("servers".into(), servers);
        }
        for key in ["tags", "security"] {
            if let Some(value) = old.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        if let Some(paths) = old.get("paths") {
            out.insert("paths".into(), self.paths(paths));
        }
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        for (key, value) in old {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            } else if !FIELDS.contains(&key.as_str()) {
                self.problems.push(Problem::warning(
                    push_token("", key),
                    format!("`{key}` is not a field of a Swagger 2.0 document; it is left out"),
                ));
            }
        }
        Value::Object(out)
    }

    /// `host`, `basePath` and `schemes` as servers: one per scheme, or a relative one when
    /// there is no host.
    fn servers(&mut self) -> Option<Value> {
        let old = self.old;
        let base = match old.get("basePath").and_then(Value::as_str) {
            Some(base) if base.starts_with('/') => base.trim_end_matches('/').to_owned(),
            Some(base) if !base.is_empty() => format!("/{}", base.trim_end_matches('/')),
            _ => String::new(),
        };
        let Some(host) = old.get("host").and_then(Value::as_str) else {
            if base.is_empty() {
                return None;
            }
            self.origins.record("/servers/0", "/basePath");
            return Some(json!([{ "url": base }]));
        };
        let host = host.trim_end_matches('/');
        let mut schemes = strings(old.get("schemes"));
        if schemes.is_empty() {
            self.problems.push(Problem::warning(
                "/host",
                "the document names no `schemes`, so the one it is served with is meant; \
                 `https` is assumed",
            ));
            schemes.push("https".to_owned());
        }
        self.origins.record("/servers", "/host");
        Some(Value::Array(
            schemes
                .iter()
                .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
                .collect(),
        ))
    }

    fn components(&mut self) -> Map<String, Value> {
        let old = self.old;
        let mut components = Map::new();
        if let Some(definitions) = old.get("definitions") {
            components.insert("schemas".into(), definitions.clone());
        }
        if let Some(Value::Object(parameters)) = old.get("parameters") {
            let mut out = Map::new();
            for (name, parameter) in parameters {
                // A body or form parameter has no 3.0 component: it is copied where it is used.
                if operation::is_body_or_form(parameter) {
                    continue;
                }
                let at = push_token("/parameters", name);
                let new_at = push_token("/components/parameters", name);
                out.insert(name.clone(), self.parameter(parameter, &at, &new_at));
            }
            if !out.is_empty() {
                components.insert("parameters".into(), Value::Object(out));
            }
        }
        if let Some(Value::Object(responses)) = old.get("responses") {
            let mut out = Map::new();
            let produces = self.produces.clone();
            for (name, response) in responses {
                let at = push_token("/responses", name);
                let new_at = push_token("/components/responses", name);
                out.insert(
                    name.clone(),
                    self.response(response, &at, &new_at, &produces),
                );
            }
            components.insert("responses".into(), Value::Object(out));
        }
        if let Some(definitions) = old.get("securityDefinitions") {
            let schemes = self.security_schemes(definitions);
            if !schemes.is_empty() {
                components.insert("securitySchemes".into(), Value::Object(schemes));
            }
        }
        components
    }
}

/// A list of strings, or none.
fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Points every local `$ref` at the place its target has in the 3.0 document.
fn local_refs(document: &mut Value) {
    walk::visit_mut(document, "", Position::Structure, &mut |node, _, _| {
        if let Some(Value::String(reference)) = node.get_mut("$ref") {
            for (old, new) in [
                ("#/definitions/", "#/components/schemas/"),
                ("#/parameters/", "#/components/parameters/"),
                ("#/responses/", "#/components/responses/"),
            ] {
                if let Some(rest) = reference.strip_prefix(old) {
                    *reference = format!("{new}{rest}");
                    break;
                }
            }
        }
        Walk::Into
    });
}

/// What 2.0 and its vendor extensions say of a schema, in 3.0 words: `type: file` is binary
/// data, `x-nullable` (or `x-isnullable`) is `nullable`, a discriminator names its property
/// directly, and `x-example` is the example.
fn schemas(document: &mut Value) {
    walk::visit_mut(
        document,
        "",
        Position::Structure,
        &mut |node, _, position| {
            if position != Position::Schema {
                return Walk::Into;
            }
            let Some(schema) = node.as_object_mut() else {
                return Walk::Into;
            };
            if schema.get("type").and_then(Value::as_str) == Some("file") {
                schema.insert("type".into(), json!("string"));
                schema.insert("format".into(), json!("binary"));
            }
            for key in ["x-nullable", "x-isnullable"] {
                if let Some(Value::Bool(nullable)) = schema.get(key).cloned() {
                    schema.shift_remove(key);
                    schema.insert("nullable".into(), Value::Bool(nullable));
                }
            }
            if let Some(Value::String(property)) = schema.get("discriminator").cloned() {
                schema.insert("discriminator".into(), json!({ "propertyName": property }));
            }
            if !schema.contains_key("example") {
                if let Some(example) = schema.shift_remove("x-example") {
                    schema.insert("example".into(), example);
                }
            }
            Walk::Into
        },
    );
}

#[cfg(test)]
mod tests;
