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
mod security;

pub(crate) use crate::spec::origins::Origins;

use serde_json::{Map, Value, json};

use crate::diagnostic::Problem;
use crate::spec::pointer::{fragment_pointer, push_token, resolve, split_pointer, to_fragment};
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
    document.get("openapi").is_none()
        && (document.get("swagger").is_some() || document.get("swaggerVersion").is_some())
}

/// Upgrades `document` in place if it is a Swagger document; a 3.x document is left alone.
/// On an error the document is left as it was.
pub(crate) fn upgrade(document: &mut Value) -> Upgrade {
    if !is_swagger(document) {
        return Upgrade::default();
    }
    // Swagger 1.x names its version `swaggerVersion`.
    let (key, version) = match document.get("swagger") {
        Some(version) => ("swagger", version),
        None => ("swaggerVersion", &document["swaggerVersion"]),
    };
    let is_2_0 = key == "swagger"
        && match version {
            Value::String(text) => text.trim() == "2.0",
            Value::Number(number) => number.as_f64() == Some(2.0),
            _ => false,
        };
    if !is_2_0 {
        return Upgrade {
            origins: Origins::default(),
            problems: vec![Problem::new(
                push_token("", key),
                format!(
                    "`{key}: {version}` is not a version oapigen reads: it reads Swagger 2.0 and \
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
    // Every place of the 3.0 document that holds the same thing as the 2.0 one under another
    // name.
    origins.record("/components/schemas", "/definitions");
    origins.record("/components/parameters", "/parameters");
    origins.record("/components/responses", "/responses");
    origins.record("/openapi", "/swagger");
    let mut problems = problems;
    problems.extend(local_refs(&mut upgraded, document, &origins));
    // One place of the 2.0 document written in several (a parameter used by two operations)
    // is reported once.
    crate::diagnostic::dedup(&mut problems);
    if problems.iter().any(Problem::is_error) {
        return Upgrade { origins, problems };
    }
    schemas(&mut upgraded);
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
/// Where the API is served, from `host`, `basePath` and `schemes`.
#[derive(Default)]
struct Server {
    host: Option<String>,
    base: String,
    schemes: Vec<String>,
}

struct Upgrader<'d> {
    /// The 2.0 document, and its fields.
    root: &'d Value,
    old: &'d Map<String, Value>,
    /// The media types requests and responses have where an operation names none.
    consumes: Vec<String>,
    produces: Vec<String>,
    server: Server,
    /// Where each chain of `$ref`s followed so far ends, by each place it passed.
    chain_ends: std::collections::HashMap<String, String>,
    origins: Origins,
    problems: Vec<Problem>,
}

impl<'d> Upgrader<'d> {
    fn new(document: &'d Value) -> Self {
        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        let old = document.as_object().unwrap_or(&EMPTY);
        let mut upgrader = Self {
            root: document,
            old,
            consumes: Vec::new(),
            produces: Vec::new(),
            server: Server::default(),
            chain_ends: std::collections::HashMap::new(),
            origins: Origins::default(),
            problems: Vec::new(),
        };
        upgrader.consumes = upgrader.list(old.get("consumes"), "/consumes");
        upgrader.produces = upgrader.list(old.get("produces"), "/produces");
        upgrader.server = upgrader.server();
        upgrader
    }

    /// A list of strings (media types, schemes) at `at`. One string where a list belongs is
    /// read as a list of it, and anything else that is no string is left out, with a warning.
    fn list(&mut self, value: Option<&Value>, at: &str) -> Vec<String> {
        let items = match value {
            None => return Vec::new(),
            Some(Value::Array(items)) => items,
            Some(Value::String(one)) => {
                self.problems.push(Problem::warning(
                    at,
                    format!("a list is expected here; `{one}` is read as a list of one"),
                ));
                return vec![one.clone()];
            }
            Some(other) => {
                self.problems.push(Problem::warning(
                    at,
                    format!("a list of strings is expected here, not `{other}`; it is left out"),
                ));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(text) => out.push(text.to_owned()),
                None => self.problems.push(Problem::warning(
                    format!("{at}/{i}"),
                    format!("`{item}` is not a string; it is left out"),
                )),
            }
        }
        out
    }

    /// The node a chain of local `$ref`s from `node` (at `at`) ends at, with its pointer in the
    /// 2.0 document; `None`, with an error, when the chain comes back on itself. (A `$ref` to
    /// nothing was reported before the upgrade began.)
    fn follow(&mut self, node: &'d Value, at: &str) -> Option<(&'d Value, String)> {
        let mut node = node;
        let mut pointer = at.to_owned();
        // The places passed on the way, each of which leads where this chain ends.
        let mut passed: Vec<String> = Vec::new();
        while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let Some(fragment) = reference.strip_prefix('#') else {
                break;
            };
            let decoded =
                fragment_pointer(self.root, fragment).unwrap_or_else(|| fragment.to_owned());
            if let Some(end) = self.chain_ends.get(&decoded) {
                pointer = end.clone();
                node = resolve(self.root, &pointer)?;
                break;
            }
            if passed.contains(&decoded) {
                self.problems.push(Problem::new(
                    push_token(at, "$ref"),
                    format!("`$ref: {reference}` leads back to itself"),
                ));
                return None;
            }
            passed.push(decoded.clone());
            node = resolve(self.root, fragment)?;
            pointer = decoded;
        }
        for place in passed {
            self.chain_ends.insert(place, pointer.clone());
        }
        Some((node, pointer))
    }

    /// What servers are made of: the host without a scheme or a trailing `/`, the base path
    /// with a leading `/` and no trailing one, and the schemes (the host's own, or `https`,
    /// if the document names none). Each defect is reported here, once.
    fn server(&mut self) -> Server {
        let old = self.old;
        let base = match old.get("basePath").and_then(Value::as_str) {
            Some(base) if base.starts_with('/') => base.trim_end_matches('/').to_owned(),
            Some(base) if !base.is_empty() => format!("/{}", base.trim_end_matches('/')),
            _ => String::new(),
        };
        let mut schemes = self.list(old.get("schemes"), "/schemes");
        let host = match old.get("host") {
            None => None,
            Some(Value::String(host)) => {
                let bare = match host.split_once("://") {
                    Some((scheme, rest)) => {
                        let bare = rest.trim_end_matches('/');
                        self.problems.push(Problem::warning(
                            "/host",
                            format!(
                                "`host` is a host name and port, with no scheme (`schemes` \
                                 names those); `{bare}` is read, and `{scheme}` if `schemes` \
                                 names none"
                            ),
                        ));
                        if schemes.is_empty() {
                            schemes.push(scheme.to_owned());
                        }
                        rest
                    }
                    None => host.as_str(),
                };
                let bare = bare.trim_end_matches('/').to_owned();
                (!bare.is_empty()).then_some(bare)
            }
            Some(other) => {
                self.problems.push(Problem::warning(
                    "/host",
                    format!("`host` must be a string, not `{other}`; it is left out"),
                ));
                None
            }
        };
        if host.is_some() && schemes.is_empty() {
            self.problems.push(Problem::warning(
                "/host",
                "the document names no `schemes`, so the one it is served with is meant; \
                 `https` is assumed",
            ));
            schemes.push("https".to_owned());
        }
        Server {
            host,
            base,
            schemes,
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
        // Components first: where a node of the 2.0 document went is the first place it was
        // written, and a component is where a `$ref` to it should point.
        let components = self.components();
        if let Some(paths) = old.get("paths") {
            out.insert("paths".into(), self.paths(paths));
        }
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
        let Server {
            host,
            base,
            schemes,
        } = &self.server;
        let Some(host) = host else {
            if base.is_empty() {
                return None;
            }
            self.origins.record("/servers/0", "/basePath");
            return Some(json!([{ "url": base }]));
        };
        let servers = urls(schemes, host, base);
        self.origins.record("/servers", "/host");
        Some(servers)
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
                let at = push_token("/parameters", name);
                let new_at = push_token("/components/parameters", name);
                let Some((target, target_at)) = self.follow(parameter, &at) else {
                    continue;
                };
                // A body or form parameter has no 3.0 component: it is copied where it is used.
                // A `$ref` to another parameter is that parameter (3.0 reads no chains), and
                // one to anything else is reported where it is used.
                if operation::is_body_or_form(target)
                    || !operation::is_place(&target_at, "parameters")
                    || self.aliased(parameter, &at, &target_at, "parameters")
                {
                    continue;
                }
                out.insert(name.clone(), self.parameter(target, &target_at, &new_at));
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
                let Some((target, target_at)) = self.follow(response, &at) else {
                    continue;
                };
                // A `$ref` to a schema stays one (repair reads it as the body).
                if !operation::is_place(&target_at, "responses") {
                    out.insert(name.clone(), response.clone());
                    continue;
                }
                if self.aliased(response, &at, &target_at, "responses") {
                    continue;
                }
                out.insert(
                    name.clone(),
                    self.response(target, &target_at, &new_at, &produces),
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

impl Upgrader<'_> {
    /// Whether the top-level `node` (at `at`, a component of `kind`) is a `$ref` to another
    /// top-level one (`target_at`, at the end of the chain): it is then no component of its
    /// own, and a `$ref` to it goes to that one.
    fn aliased(&mut self, node: &Value, at: &str, target_at: &str, kind: &str) -> bool {
        let tokens = crate::spec::pointer::split_pointer(target_at);
        match tokens.as_slice() {
            [top, name] if node.get("$ref").is_some() && top == kind => {
                self.origins
                    .alias(at, &push_token(&format!("/components/{kind}"), name));
                true
            }
            _ => false,
        }
    }
}

/// Servers: one per scheme, at the host and base path.
fn urls(schemes: &[String], host: &str, base: &str) -> Value {
    Value::Array(
        schemes
            .iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
            .collect(),
    )
}

/// Points every local `$ref` at the place its target has in the 3.0 document: where the
/// upgrade put the node it names (`#/definitions/Pet` is `#/components/schemas/Pet`, and
/// `#/paths/~1a/get/responses/200/schema` is that response's schema under its first media
/// type).
///
/// A `$ref` into a place of the 2.0 document that the upgrade wrote nowhere (a path item's
/// body parameter that every operation replaced), or whose place now holds something else, is
/// an error at the `$ref`.
fn local_refs(document: &mut Value, old: &Value, origins: &Origins) -> Vec<Problem> {
    let components = |kind: &str| -> Vec<String> {
        document
            .pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .map(|entries| entries.keys().cloned().collect())
            .unwrap_or_default()
    };
    let homes = [
        ("definitions", "schemas", components("schemas")),
        ("parameters", "parameters", components("parameters")),
        ("responses", "responses", components("responses")),
    ];
    // Found first, rewritten after: whether a target exists is asked of the whole document.
    let mut rewrites: Vec<(String, String)> = Vec::new();
    let mut problems = Vec::new();
    walk::visit(
        document,
        "",
        Position::Structure,
        &mut |node, pointer, _| {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Walk::Into;
            };
            let Some(fragment) = reference.strip_prefix('#') else {
                return Walk::Into;
            };
            let decoded = fragment_pointer(old, fragment).unwrap_or_else(|| fragment.to_owned());
            let tokens = split_pointer(&decoded);
            // Into a component: the component. (A schema is copied as it is; the insides of a
            // parameter or response moved. A body parameter, or a response copied with other
            // media types, is no component; it is found where it went.)
            let component = homes.iter().find(|(old, kind, names)| {
                tokens.first().is_some_and(|t| t == old)
                    && tokens.get(1).is_some_and(|name| names.contains(name))
                    && (*kind == "schemas" || tokens.len() == 2)
            });
            let moved = match component {
                Some((old, kind, _)) => {
                    Some(format!("/components/{kind}{}", &decoded[old.len() + 1..]))
                }
                None => origins.destination_of(&decoded),
            };
            let same_place = || resolve(old, fragment) == resolve(document, fragment);
            match moved {
                Some(moved) if moved == decoded => {}
                Some(moved) if document.pointer(&moved).is_some() => {
                    rewrites.push((pointer.to_owned(), format!("#{}", to_fragment(&moved))));
                }
                None if same_place() => {}
                _ => problems.push(Problem::new(
                    push_token(&origins.source_of(pointer), "$ref"),
                    format!(
                        "`$ref: {reference}` points at a place that the upgrade to OpenAPI 3.0 \
                     leaves out or fills with something else"
                    ),
                )),
            }
            Walk::Into
        },
    );
    for (at, reference) in rewrites {
        if let Some(Value::Object(node)) = document.pointer_mut(&at) {
            node.insert("$ref".to_owned(), Value::String(reference));
        }
    }
    problems
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
