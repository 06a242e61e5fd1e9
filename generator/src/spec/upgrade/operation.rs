//! Paths and operations: parameters (their `type` and `items` as a schema, `collectionFormat`
//! as a style), `body` and `formData` parameters as request bodies, and responses (their
//! `schema` under each media type the operation produces, their headers and examples).

use serde_json::{Map, Value, json};

use super::{Upgrader, urls};
use crate::diagnostic::Problem;
use crate::spec::pointer::push_token;
use crate::spec::walk::METHODS;

/// The keys of a 2.0 parameter, header or `items` object that describe its value: they make up
/// the 3.0 schema. The extensions that carry meaning for a schema go with them.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "x-isnullable",
    "x-enum-varnames",
    "x-enumNames",
];

/// The `collectionFormat`s 2.0 has.
const COLLECTION_FORMATS: &[&str] = &["csv", "ssv", "tsv", "pipes", "multi"];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Whether a parameter (not a `$ref`) is a `body` or `formData` one.
pub(super) fn is_body_or_form(parameter: &Value) -> bool {
    matches!(
        parameter.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// A parameter of an operation, with the path item's that apply to it.
struct Param<'d> {
    /// The parameter, its `$ref` followed.
    value: &'d Map<String, Value>,
    /// Where it is listed: in the operation, or in the path item.
    at: String,
    /// Where what it says is written: where it is listed, or the parameter its `$ref` names.
    origin: String,
    /// Whether it is written in the path item.
    shared: bool,
    /// The `$ref` to a top-level parameter it was, kept as a reference (unless it is a body or
    /// form one, which 3.0 keeps elsewhere).
    reference: Option<&'d Value>,
}

impl Param<'_> {
    fn location(&self) -> &str {
        self.value.get("in").and_then(Value::as_str).unwrap_or("")
    }

    fn name(&self) -> &str {
        self.value.get("name").and_then(Value::as_str).unwrap_or("")
    }
}

impl<'d> Upgrader<'d> {
    pub(super) fn paths(&mut self, paths: &'d Value) -> Value {
        let Some(paths) = paths.as_object() else {
            return paths.clone();
        };
        let mut out = Map::new();
        for (path, item) in paths {
            let at = push_token("/paths", path);
            let upgraded = match item.as_object() {
                Some(item) if !path.starts_with("x-") => self.path_item(item, &at),
                _ => item.clone(),
            };
            out.insert(path.clone(), upgraded);
        }
        Value::Object(out)
    }

    fn path_item(&mut self, item: &'d Map<String, Value>, at: &str) -> Value {
        let shared = self.params(item.get("parameters"), &format!("{at}/parameters"), true);
        let mut out = Map::new();
        for (key, value) in item {
            if key == "parameters" {
                let kept: Vec<&Param> = shared
                    .iter()
                    .filter(|p| !matches!(p.location(), "body" | "formData"))
                    .collect();
                if !kept.is_empty() {
                    let list = self.parameter_list(&kept, &format!("{at}/parameters"));
                    out.insert(key.clone(), list);
                }
            } else {
                let upgraded = match value.as_object() {
                    Some(operation) if METHODS.contains(&key.as_str()) => {
                        self.operation(operation, &push_token(at, key), &shared)
                    }
                    _ => value.clone(),
                };
                out.insert(key.clone(), upgraded);
            }
        }
        Value::Object(out)
    }

    /// The parameters listed at `at`, each `$ref` followed.
    fn params(&mut self, list: Option<&'d Value>, at: &str, shared: bool) -> Vec<Param<'d>> {
        let Some(Value::Array(list)) = list else {
            return Vec::new();
        };
        let mut params = Vec::new();
        for (i, parameter) in list.iter().enumerate() {
            let item_at = format!("{at}/{i}");
            let Some((value, origin)) = self.follow(parameter, &item_at) else {
                continue;
            };
            let reference_text = parameter.get("$ref").and_then(Value::as_str);
            let named = reference_text.is_none() || is_place(&origin, "parameters");
            let Some(value) = value.as_object().filter(|_| named) else {
                let why = match reference_text {
                    Some(reference) => format!("`$ref: {reference}` does not name a parameter"),
                    None => "a parameter must be an object".to_owned(),
                };
                let at = if reference_text.is_some() {
                    format!("{item_at}/$ref")
                } else {
                    item_at
                };
                self.problems.push(Problem::new(at, why));
                continue;
            };
            // A `$ref` to a top-level parameter stays one; any other is copied here.
            let reference = parameter
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| r.starts_with("#/parameters/"))
                .map(|_| parameter);
            params.push(Param {
                value,
                at: item_at,
                origin,
                shared,
                reference,
            });
        }
        params
    }

    /// 3.0 parameters for `params`, which are neither body nor form ones, listed at `at`.
    fn parameter_list(&mut self, params: &[&Param], at: &str) -> Value {
        let mut out = Vec::new();
        for (i, param) in params.iter().enumerate() {
            let new_at = format!("{at}/{i}");
            self.origins.record(&new_at, &param.at);
            out.push(match param.reference {
                Some(reference) => {
                    // What is found in the parameter, through the reference, is placed there.
                    self.origins
                        .record_copy(&format!("{new_at}/schema"), &param.origin);
                    reference.clone()
                }
                None => {
                    let value = Value::Object(param.value.clone());
                    self.parameter(&value, &param.origin, &new_at)
                }
            });
        }
        Value::Array(out)
    }

    fn operation(
        &mut self,
        operation: &'d Map<String, Value>,
        at: &str,
        shared: &[Param<'d>],
    ) -> Value {
        let own = self.params(
            operation.get("parameters"),
            &format!("{at}/parameters"),
            false,
        );
        // The path item's parameters apply unless the operation has one of the same name and
        // place. Only body and form ones are written into the operation; the others stay in
        // the path item. A request has one body: an operation with a body or form of its own
        // does not take the path item's.
        let own_body = own
            .iter()
            .find(|p| p.location() == "body")
            .or_else(|| own.iter().find(|p| p.location() == "formData"));
        // Form parts of the path item and the operation make one form.
        let clashes = |own: &Param, shared: &Param| match own.location() {
            "body" => matches!(shared.location(), "body" | "formData"),
            _ => shared.location() == "body",
        };
        let mut params: Vec<&Param> = Vec::new();
        for s in shared {
            if own
                .iter()
                .any(|o| o.name() == s.name() && o.location() == s.location())
            {
                continue;
            }
            if let Some(own_body) = own_body.filter(|own| clashes(own, s)) {
                self.problems.push(Problem::warning(
                    &own_body.at,
                    format!(
                        "the operation has a body of its own, so the path item's `{}` \
                         parameter (`{}`) is not part of it",
                        s.location(),
                        s.name()
                    ),
                ));
                continue;
            }
            params.push(s);
        }
        params.extend(own.iter());
        // An operation's own list, even an empty one, replaces the document's.
        let consumes = match operation.get("consumes") {
            Some(list) => self.list(Some(list), &format!("{at}/consumes")),
            None => self.consumes.clone(),
        };
        let produces = match operation.get("produces") {
            Some(list) => self.list(Some(list), &format!("{at}/produces")),
            None => self.produces.clone(),
        };

        let mut out = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "parameters" | "responses" | "consumes" | "produces" => {}
                "schemes" => {
                    if let Some(servers) = self.operation_servers(value, &format!("{at}/schemes")) {
                        out.insert("servers".into(), servers);
                    }
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        let plain: Vec<&Param> = params
            .iter()
            .copied()
            .filter(|p| !p.shared && !matches!(p.location(), "body" | "formData"))
            .collect();
        if !plain.is_empty() {
            let list = self.parameter_list(&plain, &format!("{at}/parameters"));
            out.insert("parameters".into(), list);
        }
        if let Some(body) = self.request_body(&params, &consumes, &format!("{at}/requestBody")) {
            out.insert("requestBody".into(), body);
        }
        if let Some(responses) = operation.get("responses") {
            let responses = self.responses(responses, &format!("{at}/responses"), &produces);
            out.insert("responses".into(), responses);
        }
        Value::Object(out)
    }

    /// An operation's own `schemes`, as servers of the operation; none when the document has
    /// no host (a relative server already stands for every scheme).
    fn operation_servers(&mut self, schemes: &Value, at: &str) -> Option<Value> {
        let schemes = self.list(Some(schemes), at);
        let host = self.server.host.clone()?;
        let base = self.server.base.clone();
        let global = &self.server.schemes;
        if schemes.is_empty() || &schemes == global {
            return None;
        }
        Some(urls(&schemes, &host, &base))
    }

    /// A 3.0 parameter for a 2.0 one that is neither a body nor a form parameter.
    pub(super) fn parameter(&mut self, parameter: &Value, at: &str, new_at: &str) -> Value {
        let Some(parameter) = parameter.as_object() else {
            return parameter.clone();
        };
        // A top-level parameter that is a `$ref` to another stays one.
        if parameter.contains_key("$ref") {
            return Value::Object(parameter.clone());
        }
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
        let mut out = Map::new();
        for (key, value) in parameter {
            match key.as_str() {
                "allowEmptyValue" if location != "query" => {}
                "name" | "in" | "description" | "required" | "allowEmptyValue" | "deprecated"
                | "example" => {
                    out.insert(key.clone(), value.clone());
                }
                "x-example" => {
                    out.entry("example").or_insert_with(|| value.clone());
                }
                key if SCHEMA_KEYS.contains(&key) || key == "collectionFormat" => {}
                key if key.starts_with("x-") => {
                    out.insert(key.to_owned(), value.clone());
                }
                _ => {}
            }
        }
        let schema = match parameter.get("schema") {
            // Not 2.0, but written by some: a schema where `type` should be.
            Some(schema) if !parameter.contains_key("type") => schema.clone(),
            _ => {
                if !parameter.contains_key("type") {
                    self.problems.push(Problem::warning(
                        at,
                        "a parameter needs a `type`; any value is assumed",
                    ));
                }
                Value::Object(value_schema(parameter))
            }
        };
        if let Some((style, explode)) = self.style(parameter, location, at) {
            if let Some(style) = style {
                out.insert("style".into(), json!(style));
            }
            out.insert("explode".into(), json!(explode));
            if parameter.get("collectionFormat").and_then(Value::as_str) == Some("tsv") {
                out.insert("x-collectionFormat".into(), json!("tsv"));
            }
        }
        self.origins.record(&format!("{new_at}/schema"), at);
        out.insert("schema".into(), schema);
        Value::Object(out)
    }

    /// The style and explode of an array parameter in `location`, from its `collectionFormat`
    /// (2.0's default is `csv`); `None` for a parameter that is not an array, or one whose
    /// `collectionFormat` is in error.
    fn style(
        &mut self,
        parameter: &Map<String, Value>,
        location: &str,
        at: &str,
    ) -> Option<(Option<&'static str>, bool)> {
        let format = self.collection_format(parameter, at)?;
        match (location, format) {
            ("query", "csv" | "tsv") => Some((Some("form"), false)),
            ("query", "multi") => Some((Some("form"), true)),
            ("query", "ssv") => Some((Some("spaceDelimited"), false)),
            ("query", "pipes") => Some((Some("pipeDelimited"), false)),
            ("formData", "multi") => Some((Some("form"), true)),
            ("formData", "ssv") => Some((Some("spaceDelimited"), false)),
            ("formData", "pipes") => Some((Some("pipeDelimited"), false)),
            ("formData", _) => Some((Some("form"), false)),
            (_, "csv") => None,
            (_, other) => {
                self.problems.push(Problem::warning(
                    format!("{at}/collectionFormat"),
                    format!(
                        "`collectionFormat: {other}` has no 3.0 form for a {location} parameter; \
                         its values are written comma-separated"
                    ),
                ));
                None
            }
        }
    }

    /// The `collectionFormat` of an array parameter, `csv` when it has none.
    fn collection_format(
        &mut self,
        parameter: &Map<String, Value>,
        at: &str,
    ) -> Option<&'static str> {
        let is_array = parameter.get("type").and_then(Value::as_str) == Some("array");
        match parameter.get("collectionFormat") {
            _ if !is_array => None,
            None => Some("csv"),
            Some(Value::String(format)) if COLLECTION_FORMATS.contains(&format.as_str()) => {
                COLLECTION_FORMATS.iter().copied().find(|f| f == format)
            }
            Some(other) => {
                self.problems.push(Problem::new(
                    format!("{at}/collectionFormat"),
                    format!(
                        "`collectionFormat: {other}` is not one of {}",
                        COLLECTION_FORMATS.join(", ")
                    ),
                ));
                None
            }
        }
    }

    /// The request body an operation's `body` or `formData` parameters make, if it has any.
    fn request_body(
        &mut self,
        params: &[&Param],
        consumes: &[String],
        new_at: &str,
    ) -> Option<Value> {
        let bodies: Vec<&&Param> = params.iter().filter(|p| p.location() == "body").collect();
        let forms: Vec<&&Param> = params
            .iter()
            .filter(|p| p.location() == "formData")
            .collect();
        if let Some(second) = bodies.get(1) {
            self.problems.push(Problem::new(
                &second.at,
                format!(
                    "an operation has at most one `body` parameter; `{}` is another",
                    second.name()
                ),
            ));
            return None;
        }
        if let (Some(body), Some(form)) = (bodies.first(), forms.first()) {
            self.problems.push(Problem::new(
                &form.at,
                format!(
                    "`formData` parameters cannot stand beside a `body` parameter (`{}`): a \
                     request has one body",
                    body.name()
                ),
            ));
            return None;
        }
        if let Some(body) = bodies.first() {
            return self.body(body, consumes, new_at);
        }
        if forms.is_empty() {
            return None;
        }
        Some(self.form(&forms, consumes, new_at))
    }

    fn body(&mut self, body: &Param, consumes: &[String], new_at: &str) -> Option<Value> {
        let Some(schema) = body.value.get("schema") else {
            self.problems.push(Problem::new(
                &body.at,
                format!("the `body` parameter `{}` needs a `schema`", body.name()),
            ));
            return None;
        };
        let at = body.origin.clone();
        self.origins.record(new_at, &at);
        let mut out = Map::new();
        for (key, value) in body.value {
            if matches!(key.as_str(), "description" | "required") || key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        let mut content = Map::new();
        for media_type in media_types(consumes, false) {
            let media_at = push_token(&format!("{new_at}/content"), &media_type);
            self.origins.record(&media_at, &at);
            self.origins
                .record(&format!("{media_at}/schema"), &format!("{at}/schema"));
            content.insert(media_type, json!({ "schema": schema }));
        }
        self.origins.record(&format!("{new_at}/content"), &at);
        out.insert("content".into(), Value::Object(content));
        Some(Value::Object(out))
    }

    /// A form body: an object with a property per `formData` parameter, as a URL-encoded form,
    /// or as multipart when a part is a file or the operation consumes only multipart.
    fn form(&mut self, forms: &[&&Param], consumes: &[String], new_at: &str) -> Value {
        let first_at = &forms[0].origin;
        self.origins.record(new_at, first_at);
        let has_file = forms
            .iter()
            .any(|p| p.value.get("type").and_then(Value::as_str) == Some("file"));
        let essence = |m: &String| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        };
        let mut media_types: Vec<String> = consumes
            .iter()
            .filter(|m| {
                let essence = essence(m);
                essence == MULTIPART || (essence == FORM && !has_file)
            })
            .cloned()
            .collect();
        if media_types.is_empty() {
            media_types.push(if has_file { MULTIPART } else { FORM }.to_owned());
        }

        let only_multipart = media_types.iter().all(|m| essence(m) == MULTIPART);
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for param in forms {
            let name = param.name().to_owned();
            if properties.contains_key(&name) {
                self.problems.push(Problem::new(
                    &param.at,
                    format!("a second `formData` parameter is named `{name}`; names are unique"),
                ));
                continue;
            }
            let mut schema = value_schema(param.value);
            if let Some(description) = param.value.get("description") {
                schema.insert("description".into(), description.clone());
            }
            if let Some(example) = param.value.get("x-example") {
                schema.insert("example".into(), example.clone());
            }
            if param.value.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            match self.style(param.value, "formData", &param.origin) {
                // Exploded form is the default.
                Some((Some("form"), true)) | None => {}
                // Multipart has a part per value, and 3.0 has no delimited parts; an array that
                // asks for none is sent so.
                Some(_) if only_multipart && !param.value.contains_key("collectionFormat") => {}
                Some(_) if only_multipart => self.problems.push(Problem::warning(
                    &param.origin,
                    format!(
                        "a multipart form sends each item of `{name}` as a part of its own; its \
                         `collectionFormat` has no multipart form in 3.0"
                    ),
                )),
                Some((style, explode)) => {
                    let mut entry = Map::new();
                    entry.insert("style".into(), json!(style.unwrap_or("form")));
                    entry.insert("explode".into(), json!(explode));
                    if param.value.get("collectionFormat").and_then(Value::as_str) == Some("tsv") {
                        entry.insert("x-collectionFormat".into(), json!("tsv"));
                    }
                    encoding.insert(name.clone(), Value::Object(entry));
                }
            }
            properties.insert(name, Value::Object(schema));
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required.clone()));
        }
        let schema = Value::Object(schema);

        let mut content = Map::new();
        for media_type in media_types {
            let media_at = push_token(&format!("{new_at}/content"), &media_type);
            self.origins.record(&media_at, first_at);
            self.origins.record(&format!("{media_at}/schema"), first_at);
            for param in forms {
                let property = push_token(&format!("{media_at}/schema/properties"), param.name());
                self.origins.record(&property, &param.origin);
            }
            let mut media = Map::new();
            media.insert("schema".into(), schema.clone());
            if essence(&media_type) == FORM && !encoding.is_empty() {
                media.insert("encoding".into(), Value::Object(encoding.clone()));
            }
            content.insert(media_type, Value::Object(media));
        }
        let mut out = Map::new();
        if !required.is_empty() {
            out.insert("required".into(), json!(true));
        }
        out.insert("content".into(), Value::Object(content));
        Value::Object(out)
    }

    fn responses(&mut self, responses: &'d Value, at: &str, produces: &[String]) -> Value {
        let Some(responses) = responses.as_object() else {
            return responses.clone();
        };
        let mut out = Map::new();
        for (status, response) in responses {
            let response_at = push_token(at, status);
            let upgraded = if status.starts_with("x-") {
                response.clone()
            } else {
                self.response(response, &response_at, &response_at, produces)
            };
            out.insert(status.clone(), upgraded);
        }
        Value::Object(out)
    }

    /// A 3.0 response for a 2.0 one (at `at`, written at `new_at`), whose body has the
    /// media types `produces`. A `$ref` to a top-level response stays one when the operation
    /// produces what the document does; otherwise the response is copied, with the
    /// operation's media types.
    pub(super) fn response(
        &mut self,
        response: &'d Value,
        at: &str,
        new_at: &str,
        produces: &[String],
    ) -> Value {
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            if reference.starts_with("#/responses/") && produces == self.produces.as_slice() {
                self.through_reference(response, at, new_at, produces);
                return response.clone();
            }
            // A `$ref` to a response elsewhere is copied with this operation's media types;
            // one to anything else (a schema, which repair reads as the body) stays.
            return match self.follow(response, at) {
                Some((target, target_at))
                    if target.get("$ref").is_none() && is_place(&target_at, "responses") =>
                {
                    self.response(target, &target_at, new_at, produces)
                }
                _ => response.clone(),
            };
        }
        let Some(response) = response.as_object() else {
            return response.clone();
        };
        self.origins.record(new_at, at);
        let mut out = Map::new();
        for (key, value) in response {
            match key.as_str() {
                "schema" | "examples" | "headers" => {}
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        out.entry("description").or_insert_with(|| json!(""));
        if let Some(Value::Object(headers)) = response.get("headers") {
            let mut upgraded = Map::new();
            for (name, header) in headers {
                let header_at = push_token(&format!("{at}/headers"), name);
                let header_new_at = push_token(&format!("{new_at}/headers"), name);
                upgraded.insert(
                    name.clone(),
                    self.header(header, &header_at, &header_new_at),
                );
            }
            out.insert("headers".into(), Value::Object(upgraded));
        }
        if let Some(schema) = response.get("schema") {
            let is_file = schema.get("type").and_then(Value::as_str) == Some("file");
            let media_types = media_types(produces, is_file);
            let examples = response.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for media_type in media_types {
                let media_at = push_token(&format!("{new_at}/content"), &media_type);
                self.origins.record(&media_at, at);
                self.origins
                    .record(&format!("{media_at}/schema"), &format!("{at}/schema"));
                let mut media = Map::new();
                media.insert("schema".into(), schema.clone());
                if let Some(example) = examples.and_then(|e| e.get(&media_type)) {
                    let example_at = push_token(&format!("{at}/examples"), &media_type);
                    self.origins
                        .record(&format!("{media_at}/example"), &example_at);
                    media.insert("example".into(), example.clone());
                }
                content.insert(media_type, Value::Object(media));
            }
            self.origins.record(&format!("{new_at}/content"), at);
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    /// Places what is found through a response `$ref` kept as one (at `new_at`, written at
    /// `at`) in the response it names: its schema under each media type, and its headers.
    fn through_reference(
        &mut self,
        response: &'d Value,
        at: &str,
        new_at: &str,
        produces: &[String],
    ) {
        let errors = self.problems.len();
        let followed = self.follow(response, at);
        // A cycle is reported where the reference is kept, by the 3.0 stages.
        self.problems.truncate(errors);
        let Some((target, target_at)) = followed else {
            return;
        };
        let is_file = target.pointer("/schema/type").and_then(Value::as_str) == Some("file");
        for media_type in &media_types(produces, is_file) {
            let media_at = push_token(&format!("{new_at}/content"), media_type);
            self.origins.record_copy(&media_at, &target_at);
            self.origins.record_copy(
                &format!("{media_at}/schema"),
                &format!("{target_at}/schema"),
            );
        }
        if let Some(Value::Object(headers)) = target.get("headers") {
            for name in headers.keys() {
                let header_at = push_token(&format!("{target_at}/headers"), name);
                let header_new_at = push_token(&format!("{new_at}/headers"), name);
                self.origins
                    .record_copy(&format!("{header_new_at}/schema"), &header_at);
            }
        }
    }

    /// A 3.0 header for a 2.0 one: its `type` and `items` as a schema.
    fn header(&mut self, header: &Value, at: &str, new_at: &str) -> Value {
        let Some(header) = header.as_object() else {
            return header.clone();
        };
        self.origins.record(new_at, at);
        self.origins.record(&format!("{new_at}/schema"), at);
        let mut out = Map::new();
        for (key, value) in header {
            if key == "description"
                || (key.starts_with("x-") && !SCHEMA_KEYS.contains(&key.as_str()))
            {
                out.insert(key.clone(), value.clone());
            }
        }
        // Headers are comma-separated in 3.0 as in 2.0's default.
        let _ = self.style(header, "header", at);
        out.insert("schema".into(), Value::Object(value_schema(header)));
        Value::Object(out)
    }
}

/// The media types of a body: those consumed or produced, or JSON (an octet stream for a
/// file) when none are.
fn media_types(listed: &[String], is_file: bool) -> Vec<String> {
    match listed {
        [] if is_file => vec!["application/octet-stream".to_owned()],
        [] => vec!["application/json".to_owned()],
        list => list.to_vec(),
    }
}

/// Whether `pointer` (in the 2.0 document) names a parameter or a response (`kind`): one at
/// the top level, or one of a path item or an operation.
pub(super) fn is_place(pointer: &str, kind: &str) -> bool {
    let tokens = crate::spec::pointer::split_pointer(pointer);
    match tokens.as_slice() {
        [top, _] => top == kind,
        [paths, _, list, _] => paths == "paths" && list == kind,
        [paths, _, _, list, _] => paths == "paths" && list == kind,
        _ => false,
    }
}

/// The schema of a 2.0 parameter, header or `items` object: its value keywords, with `items`
/// made a schema in turn.
fn value_schema(object: &Map<String, Value>) -> Map<String, Value> {
    let mut schema = Map::new();
    for (key, value) in object {
        match value.as_object() {
            Some(items) if key == "items" => {
                schema.insert(key.clone(), Value::Object(value_schema(items)));
            }
            _ if SCHEMA_KEYS.contains(&key.as_str()) || key == "$ref" => {
                schema.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    schema
}
