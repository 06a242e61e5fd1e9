//! Operations: parameters, path segments, request bodies, responses and their headers, the
//! credentials each takes, and webhooks.

use super::*;

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let document = self.document;
        let mut builder_names = Namespace::with_reserved(&["Operation"]);
        let mut operations = Vec::new();
        // An operation with no operationId is named after its method and the path its requests
        // go to; a query string in the path key (made into parameters by repair) is part of the
        // name only where two operations would share it.
        let mut routes: std::collections::HashMap<(&str, &str), usize> = Default::default();
        for (path, item) in document.paths.iter() {
            if let ReferenceOr::Item(item) = item {
                for (method, _) in item.iter() {
                    *routes
                        .entry((method, crate::spec::walk::request_path(path)))
                        .or_default() += 1;
                }
            }
        }
        for (path, item) in document.paths.iter() {
            let path_pointer = push_token("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.problem(&path_pointer, "a `$ref` path item is not supported yet");
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                let pointer = push_token(&path_pointer, method);
                let request_path = crate::spec::walk::request_path(path);
                let route = match routes.get(&(method, request_path)) {
                    Some(1) => request_path,
                    _ => path.as_str(),
                };
                let operation_id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {route}"));
                let name = builder_names.claim(&type_name(&operation_id));
                operations.push(self.operation(
                    &name,
                    &operation_id,
                    method,
                    path,
                    &item.parameters,
                    operation,
                    &pointer,
                    &mut builder_names,
                ));
            }
        }
        // The async client's method for each, in the same order as the builders.
        let mut client_methods = Namespace::with_reserved(crate::naming::CLIENT_METHODS);
        for op in &mut operations {
            op.client_method = client_methods.claim(&method_name(&op.name));
        }
        operations
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        name: &str,
        operation_id: &str,
        method: &str,
        path: &str,
        shared: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
        pointer: &str,
        builder_names: &mut Namespace,
    ) -> Operation {
        // Parameters: the path item's, overridden by the operation's of the same name and place.
        let mut merged: Vec<(String, &'a Parameter)> = Vec::new();
        for (list, base) in [
            (
                shared,
                push_token(&pointer[..pointer.rfind('/').unwrap_or(0)], "parameters"),
            ),
            (
                operation.parameters.as_slice(),
                format!("{pointer}/parameters"),
            ),
        ] {
            for (i, parameter) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                let Some(parameter) = self.parameter(parameter, &at) else {
                    continue;
                };
                let data = parameter.parameter_data_ref();
                let same = |p: &&Parameter| {
                    p.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*p) == std::mem::discriminant(parameter)
                };
                if let Some(slot) = merged.iter_mut().find(|(_, p)| same(p)) {
                    *slot = (at, parameter);
                } else {
                    merged.push((at, parameter));
                }
            }
        }

        let mut member_names = Namespace::with_reserved(&["body", "credentials", "new"]);
        let mut params = Vec::new();
        for (at, parameter) in merged {
            let data = parameter.parameter_data_ref();
            let location = match parameter {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let hint = format!("{name}{}", type_name(&data.name));
            let mut json = false;
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.ty(
                        SchemaRef::from(schema),
                        &format!("{at}/schema"),
                        &hint,
                        Read::Json,
                    )
                    .0
                }
                // A parameter described by `content` is that content, written as text: JSON
                // for a JSON media type.
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media_type, media)) if is_json(media_type) => {
                        json = true;
                        match &media.schema {
                            Some(schema) => {
                                let content_at = push_token(&format!("{at}/content"), media_type);
                                self.ty(
                                    SchemaRef::from(schema),
                                    &format!("{content_at}/schema"),
                                    &hint,
                                    Read::Json,
                                )
                                .0
                            }
                            None => Ty::Json,
                        }
                    }
                    _ => Ty::String,
                },
            };
            let ty = if ty == Ty::String && self.settings.secret_properties.contains(&data.name) {
                Ty::Secret
            } else {
                ty
            };
            params.push(Param {
                name: member_names.claim(&field_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                json,
                pointer: at.clone(),
                constraints: match &data.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        self.constraints(SchemaRef::from(schema), 0)
                    }
                    ParameterSchemaOrContent::Content(_) => Constraints::default(),
                },
                default: match &data.format {
                    ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                        schema.schema_data.default.clone()
                    }
                    _ => None,
                },
                // Styles only change how query values are written.
                style: match parameter {
                    Parameter::Query { style, .. } => {
                        query_style(style, data.explode, &data.extensions)
                    }
                    _ => QueryStyle::FormExploded,
                },
                doc: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
            });
        }

        let segments = self.segments(path, &params, pointer);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.body(body, &format!("{pointer}/requestBody"), name));

        let mut responses = Vec::new();
        for (status, response) in &operation.responses.responses {
            let (status, text) = match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                StatusCode::Range(digit) => (StatusMatch::Range(*digit), format!("{digit}XX")),
            };
            let at = push_token(&format!("{pointer}/responses"), &text);
            if let Some(r) = self.response(response, status, &at, name) {
                responses.push(r);
            }
        }
        if let Some(default) = &operation.responses.default {
            let at = format!("{pointer}/responses/default");
            if let Some(r) = self.response(default, StatusMatch::Default, &at, name) {
                responses.push(r);
            }
        }
        let any_success = responses.iter().any(|r| r.status.is_success());
        for r in &mut responses {
            r.success = r.status.is_success() || (r.status == StatusMatch::Default && !any_success);
        }
        let success = outcome(
            &responses,
            &|r| r.success,
            &format!("{name}Output"),
            builder_names,
        );
        let error = outcome(
            &responses,
            &|r| !r.success,
            &format!("{name}Error"),
            builder_names,
        );

        let auth = self.auth(operation, pointer, &mut member_names);
        let response_headers = self.response_headers(operation, name, builder_names);

        Operation {
            name: name.to_owned(),
            // Named with the others, in `operations`.
            client_method: String::new(),
            operation_id: operation_id.to_owned(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            segments,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            params,
            body,
            responses,
            success,
            error,
            auth,
            response_headers,
            pointer: pointer.to_owned(),
            // The tag or extension value for now; `passes::groups` settles the names.
            group: declared_group(&self.settings.group_by, operation),
        }
    }

    pub(super) fn parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Option<&'a Parameter> {
        let components = self.document.components.as_ref();
        let found = component(parameter, components.map(|c| &c.parameters), "parameters");
        if let (None, ReferenceOr::Reference { reference }) = (found, parameter) {
            self.problem(
                at,
                format!("`$ref: {reference}` does not name a parameter in components/parameters"),
            );
        }
        found
    }

    /// The segments of the path requests go to; a query string in the path key was made into
    /// query parameters by repair.
    pub(super) fn segments(&mut self, path: &str, params: &[Param], pointer: &str) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut rest = crate::spec::walk::request_path(path);
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                segments.push(Segment::Literal(rest[..open].to_owned()));
            }
            let variable = &rest[open + 1..close];
            match params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == variable)
            {
                Some(index) => segments.push(Segment::Param(index)),
                None => self.problem(
                    pointer,
                    format!("path template variable `{{{variable}}}` has no path parameter"),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_owned()));
        }
        segments
    }

    pub(super) fn body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        name: &str,
    ) -> Option<Body> {
        let components = self.document.components.as_ref();
        let body = match component(body, components.map(|c| &c.request_bodies), "requestBodies") {
            Some(b) => b,
            None => {
                if let ReferenceOr::Reference { reference } = body {
                    self.problem(
                        at,
                        format!("`$ref: {reference}` does not name a request body"),
                    );
                }
                return None;
            }
        };
        let Some((content_type, media)) = pick_media(&body.content) else {
            self.problem(
                &format!("{at}/content"),
                "a request body needs at least one media type",
            );
            return None;
        };
        let media_at = push_token(&format!("{at}/content"), content_type);
        let encoding = encoding_of(content_type);
        // A multipart body's binary properties are file parts; a schema is read so.
        let read = match encoding {
            BodyEncoding::Multipart => Read::Part,
            _ => Read::Json,
        };
        let ty = match (&encoding, &media.schema) {
            (BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart, Some(schema)) => {
                self.ty(
                    SchemaRef::from(schema),
                    &format!("{media_at}/schema"),
                    &format!("{name}Body"),
                    read,
                )
                .0
            }
            (BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart, None) => Ty::Json,
            (BodyEncoding::Text, _) => Ty::String,
            (BodyEncoding::Bytes, _) => Ty::Bytes,
        };
        let styles = media
            .encoding
            .iter()
            .filter_map(|(name, e)| {
                let style = e.style.as_ref().map_or(QueryStyle::FormExploded, |style| {
                    query_style(style, Some(e.explode), &e.extensions)
                });
                (style != QueryStyle::FormExploded).then(|| (name.clone(), style))
            })
            .collect();
        Some(Body {
            content_type: content_type.to_owned(),
            encoding,
            ty,
            required: body.required,
            doc: body.description.clone(),
            styles,
            media_types: body.content.keys().cloned().collect(),
        })
    }

    pub(super) fn response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        status: StatusMatch,
        at: &str,
        name: &str,
    ) -> Option<Response> {
        let Some(response) = self.resolve_response(response) else {
            if let ReferenceOr::Reference { reference } = response {
                self.problem(at, format!("`$ref: {reference}` does not name a response"));
            }
            return None;
        };
        let content = match pick_media(&response.content) {
            None if response.content.is_empty() => Content::Empty,
            None => Content::Bytes,
            Some((content_type, media)) => match encoding_of(content_type) {
                BodyEncoding::Json => match &media.schema {
                    Some(schema) => {
                        let hint = format!("{name}Response{}", status.spec_text());
                        let media_at = push_token(&format!("{at}/content"), content_type);
                        Content::Json(
                            self.ty(
                                SchemaRef::from(schema),
                                &format!("{media_at}/schema"),
                                &hint,
                                Read::Json,
                            )
                            .0,
                        )
                    }
                    None => Content::Json(Ty::Json),
                },
                BodyEncoding::Text => Content::Text,
                BodyEncoding::Bytes | BodyEncoding::Form | BodyEncoding::Multipart => {
                    Content::Bytes
                }
            },
        };
        Some(Response {
            status,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
            content,
            success: false,
            media_types: response.content.keys().cloned().collect(),
        })
    }

    /// A response, or the one in `components/responses` its `$ref` names.
    pub(super) fn resolve_response(
        &self,
        response: &'a ReferenceOr<openapiv3::Response>,
    ) -> Option<&'a openapiv3::Response> {
        let components = self.document.components.as_ref();
        component(response, components.map(|c| &c.responses), "responses")
    }

    /// The headers an operation's responses declare, as fields of one struct. Values are
    /// read as text, numbers or booleans; anything else (an HTTP date, a list) stays text.
    pub(super) fn response_headers(
        &self,
        operation: &'a openapiv3::Operation,
        name: &str,
        builder_names: &mut Namespace,
    ) -> Option<ResponseHeaders> {
        let responses = operation
            .responses
            .responses
            .values()
            .chain(operation.responses.default.iter())
            .filter_map(|r| self.resolve_response(r));
        let mut fields: Vec<ResponseHeader> = Vec::new();
        let mut names = Namespace::default();
        for response in responses {
            for (wire, header) in &response.headers {
                let wire = wire.to_ascii_lowercase();
                // `Content-Type` is the body's business (OpenAPI says to ignore it here).
                if wire == "content-type" || fields.iter().any(|f| f.wire == wire) {
                    continue;
                }
                let components = self.document.components.as_ref();
                let header = component(header, components.map(|c| &c.headers), "headers");
                let schema = header.and_then(|h| match &h.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        self.resolve(SchemaRef::from(schema))
                    }
                    ParameterSchemaOrContent::Content(_) => None,
                });
                let v = schema.map(view);
                let typ = v.as_ref().and_then(|v| v.typ);
                let format = v.as_ref().and_then(|v| v.format);
                let secret = format == Some("password")
                    || self
                        .settings
                        .secret_properties
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(&wire));
                let ty = match (typ, format) {
                    _ if secret => Ty::Secret,
                    (Some("integer"), Some("int32")) => Ty::I32,
                    (Some("integer"), _) => Ty::I64,
                    (Some("number"), Some("float")) => Ty::F32,
                    (Some("number"), _) => Ty::F64,
                    (Some("boolean"), _) => Ty::Bool,
                    _ => Ty::String,
                };
                fields.push(ResponseHeader {
                    name: names.claim(&field_name(&wire)),
                    doc: header.and_then(|h| h.description.clone()),
                    wire,
                    ty,
                });
            }
        }
        (!fields.is_empty()).then(|| ResponseHeaders {
            name: builder_names.claim(&format!("{name}Headers")),
            fields,
        })
    }

    pub(super) fn auth(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &str,
        member_names: &mut Namespace,
    ) -> Vec<AuthMethod> {
        let requirements = operation
            .security
            .as_ref()
            .or(self.document.security.as_ref());
        let mut schemes: Vec<&String> = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            for scheme in requirement.keys() {
                if !schemes.contains(&scheme) {
                    schemes.push(scheme);
                }
            }
        }
        let defined = self
            .document
            .components
            .as_ref()
            .map(|c| &c.security_schemes);
        let mut methods = Vec::new();
        for scheme in schemes {
            let Some(ReferenceOr::Item(definition)) = defined.and_then(|d| d.get(scheme)) else {
                self.problem(
                    &format!("{pointer}/security"),
                    format!(
                        "security scheme `{scheme}` is not defined in components/securitySchemes"
                    ),
                );
                continue;
            };
            let authorization = "Authorization".to_owned();
            let (name, kind, default_setter, doc) = match definition {
                openapiv3::SecurityScheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } if http.eq_ignore_ascii_case("bearer") => (
                    authorization,
                    AuthKind::Bearer,
                    "bearer_auth".to_owned(),
                    description,
                ),
                openapiv3::SecurityScheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } if http.eq_ignore_ascii_case("basic") => (
                    authorization,
                    AuthKind::Basic,
                    "basic_auth".to_owned(),
                    description,
                ),
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let kind = match location {
                        openapiv3::APIKeyLocation::Header => AuthKind::Header,
                        openapiv3::APIKeyLocation::Query => AuthKind::Query,
                        openapiv3::APIKeyLocation::Cookie => AuthKind::Cookie,
                    };
                    (name.clone(), kind, field_name(scheme), description)
                }
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (
                    authorization,
                    AuthKind::Bearer,
                    "bearer_auth".to_owned(),
                    description,
                ),
                // Mutual TLS is set up in the HTTP client, not in a request.
                openapiv3::SecurityScheme::HTTP { scheme: http, .. }
                    if http.eq_ignore_ascii_case("mutual") =>
                {
                    continue;
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } => (
                    authorization,
                    AuthKind::Http(http.clone()),
                    field_name(scheme),
                    description,
                ),
            };
            // Two schemes of one kind (two bearer schemes) share a setter.
            if methods
                .iter()
                .any(|m: &AuthMethod| m.kind == kind && m.name == name)
            {
                continue;
            }
            methods.push(AuthMethod {
                setter: member_names.claim(&default_setter),
                scheme: scheme.clone(),
                name,
                kind,
                doc: doc.clone(),
            });
        }
        methods
    }

    /// The webhooks' payload types.
    pub(super) fn webhooks(&mut self, items: &'a [(String, openapiv3::PathItem)]) -> Vec<Webhook> {
        let mut webhooks = Vec::new();
        for (name, item) in items {
            for (method, operation) in item.iter() {
                let pointer = push_token(&push_token("/webhooks", name), method);
                let hint = format!("{}Webhook", type_name(name));
                let payload = operation
                    .request_body
                    .as_ref()
                    .and_then(|body| self.body(body, &format!("{pointer}/requestBody"), &hint))
                    .map(|body| body.ty);
                webhooks.push(Webhook {
                    name: name.clone(),
                    method: method.to_ascii_uppercase(),
                    doc: operation.summary.clone().or(operation.description.clone()),
                    payload,
                });
            }
        }
        webhooks
    }
}
