//! A compact listing of a generated API's public surface: every type, field, variant and
//! builder, with its Rust type and wire name. Snapshot tests keep it beside the generated code,
//! so that a spec change reads as an API change.

use std::fmt::Write as _;

use crate::rust_type::{self, Naming, rust_type};

use crate::ir::{
    Api, AuthKind, Content, Field, Operation, Outcome, ParamLocation, StatusMatch, Ty, TypeKind,
};

/// The listing of one API.
pub fn surface(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "module {} (feature \"{}\"): {} {}",
        api.module, api.feature, api.title, api.version
    );
    let _ = writeln!(out, "default base URL: {}", api.base_url);
    for def in &api.types {
        out.push('\n');
        let deprecated = if def.deprecated { "#[deprecated] " } else { "" };
        let origin = def
            .schema_name
            .as_ref()
            .map(|s| format!("  <- schema {s}"))
            .unwrap_or_else(|| format!("  <- inline at #{}", api.source_pointer(&def.pointer)));
        match &def.kind {
            TypeKind::Struct(s) => {
                let _ = writeln!(out, "{deprecated}struct {}{origin}", def.name);
                for field in &s.fields {
                    let _ = writeln!(out, "    {}", field_line(api, field));
                }
                if let Some(value) = &s.additional {
                    let _ = writeln!(
                        out,
                        "    {}: BTreeMap<String, {}>  (flattened)",
                        s.additional_name,
                        ty(api, value)
                    );
                }
                if let Some(e) = &s.envelope {
                    let data = &s.fields[e.data];
                    let status = &s.fields[e.status];
                    let error = &s.fields[e.error];
                    let _ = writeln!(
                        out,
                        "    fn into_result(self) -> Result<{}, EnvelopeError<{}, {}>>  (Ok when {} == {})",
                        ty(api, &data.ty),
                        field_ty(api, status),
                        ty(api, &error.ty),
                        status.wire_name,
                        e.success
                    );
                }
            }
            TypeKind::Enum(e) => {
                let _ = writeln!(out, "{deprecated}enum {}{origin}", def.name);
                for v in &e.variants {
                    if e.integer {
                        let _ = writeln!(out, "    {}  <- {}", v.name, v.wire);
                    } else {
                        let _ = writeln!(out, "    {}  <- \"{}\"", v.name, v.wire);
                    }
                }
                let catch_all = if e.integer { "i64" } else { "String" };
                let _ = writeln!(out, "    {}({catch_all})  <- any other value", e.unknown);
            }
            TypeKind::Union(u) => {
                let kind = match &u.tag {
                    Some(tag) => format!("tagged by \"{tag}\""),
                    None => "untagged".to_owned(),
                };
                let _ = writeln!(out, "{deprecated}union {} {kind}{origin}", def.name);
                for v in &u.variants {
                    let mut payload = rust_type(api, &v.ty, Naming::Listing);
                    if v.boxed {
                        payload = rust_type::boxed(Naming::Listing, payload);
                    }
                    match &v.tag_value {
                        Some(tag) => {
                            let declared = if v.declares_tag { ", tag declared" } else { "" };
                            let _ =
                                writeln!(out, "    {}({payload})  <- \"{tag}\"{declared}", v.name);
                        }
                        None => {
                            let _ = writeln!(out, "    {}({payload})", v.name);
                        }
                    }
                }
            }
            TypeKind::Alias(target) => {
                let _ = writeln!(
                    out,
                    "{deprecated}type {} = {}{origin}",
                    def.name,
                    ty(api, target)
                );
            }
        }
    }
    for op in &api.operations {
        out.push('\n');
        operation(&mut out, api, op);
    }
    for webhook in &api.webhooks {
        let payload = webhook
            .payload
            .as_ref()
            .map_or("no body".to_owned(), |t| ty(api, t));
        let _ = writeln!(
            out,
            "\nwebhook {} {}  -> payload {payload}",
            webhook.method, webhook.name
        );
    }
    out
}

fn operation(out: &mut String, api: &Api, op: &Operation) {
    let deprecated = if op.deprecated { "#[deprecated] " } else { "" };
    let _ = writeln!(
        out,
        "{deprecated}builder {}  {} {}  <- operationId {}",
        op.name, op.method, op.path, op.operation_id
    );
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", p.name, ty(api, &p.ty)))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(format!("body: {}", ty(api, &body.ty)));
    }
    let _ = writeln!(out, "    new({})", args.join(", "));
    for p in &op.params {
        let place = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let how = if p.required { "required" } else { "optional" };
        let _ = writeln!(
            out,
            "    param {}: {}  <- {place} \"{}\" ({how})",
            p.name,
            ty(api, &p.ty),
            p.wire_name
        );
    }
    if let Some(body) = &op.body {
        let how = if body.required {
            "required"
        } else {
            "optional"
        };
        let _ = writeln!(
            out,
            "    body: {}  <- {} ({how})",
            ty(api, &body.ty),
            body.content_type
        );
    }
    for auth in &op.auth {
        let (args, how) = match &auth.kind {
            AuthKind::Bearer => ("token", format!("{}: Bearer <token>", auth.name)),
            AuthKind::Http(http) => ("token", format!("{}: {http} <credentials>", auth.name)),
            AuthKind::Basic => (
                "username, password",
                format!("{}: Basic <credentials>", auth.name),
            ),
            AuthKind::Header => ("token", format!("{}: <token>", auth.name)),
            AuthKind::Query => ("token", format!("query {}=<token>", auth.name)),
            AuthKind::Cookie => ("token", format!("cookie {}=<token>", auth.name)),
        };
        let _ = writeln!(
            out,
            "    fn {}({args})  <- scheme {}: {how}",
            auth.setter, auth.scheme
        );
    }
    if let Some(headers) = &op.response_headers {
        let _ = writeln!(
            out,
            "    fn response_headers(&HeaderMap) -> {}",
            headers.name
        );
        for h in &headers.fields {
            let _ = writeln!(
                out,
                "        {}: Option<{}>  <- header \"{}\"",
                h.name,
                ty(api, &h.ty),
                h.wire
            );
        }
    }
    for r in &op.responses {
        let side = if r.success { "Ok" } else { "Err" };
        let status = match r.status {
            StatusMatch::Default => "default".to_owned(),
            other => other.spec_text(),
        };
        let wrapped = match (if r.success { &op.success } else { &op.error }, r.success) {
            (Outcome::Enum { name, variants }, _) => {
                let index = op.responses.iter().position(|x| std::ptr::eq(x, r));
                let variant = variants
                    .iter()
                    .find(|(_, i)| Some(*i) == index)
                    .map(|(v, _)| v.as_str())
                    .unwrap_or("?");
                format!("{name}::{variant}({})", content(api, &r.content))
            }
            _ => content(api, &r.content),
        };
        let _ = writeln!(out, "    {status} -> {side}({wrapped})");
    }
    let _ = writeln!(
        out,
        "    other status or undecodable body -> Err(Unexpected)"
    );
}

fn content(api: &Api, content: &Content) -> String {
    let rust = rust_type::content_type(api, content, Naming::Listing);
    match content {
        Content::Empty | Content::Json(_) => rust.to_string(),
        Content::Text => format!("{rust} (text)"),
        Content::Bytes => format!("{rust} (bytes)"),
    }
}

fn field_line(api: &Api, field: &Field) -> String {
    let presence = match (field.required, field.nullable) {
        (true, false) => "required",
        (true, true) => "required, nullable",
        (false, false) => "optional",
        (false, true) => "optional, nullable",
    };
    let deprecated = if field.deprecated { ", deprecated" } else { "" };
    format!(
        "{}: {}  <- \"{}\" ({presence}{deprecated})",
        field.name,
        field_ty(api, field),
        field.wire_name
    )
}

fn field_ty(api: &Api, field: &Field) -> String {
    rust_type::field_type(api, field, Naming::Listing).to_string()
}

/// The short Rust spelling of a type (also used by the diff's report).
pub(crate) fn ty(api: &Api, ty: &Ty) -> String {
    rust_type(api, ty, Naming::Listing).to_string()
}

// The Rust paths of generated items, as the diff names the items a change touches. They are
// spelled here, beside the listing of those items, and nowhere else.

/// The path of a model type: `models::Pet`.
pub(crate) fn model_path(api: &Api, id: crate::ir::TypeId) -> String {
    format!("models::{}", api.ty(id).name)
}

/// The path of a model's field: `models::Pet::owner_id`.
pub(crate) fn field_path(api: &Api, id: crate::ir::TypeId, field: &Field) -> String {
    format!("{}::{}", model_path(api, id), field.name)
}

/// The path of an enum's or a union's variant, by its Rust name: `models::PetKind::Cat`.
pub(crate) fn variant_path(api: &Api, id: crate::ir::TypeId, variant: &str) -> String {
    format!("{}::{variant}", model_path(api, id))
}

/// The path of an operation's builder: `operations::GetPet`.
pub(crate) fn operation_path(op: &Operation) -> String {
    format!("operations::{}", op.name)
}

/// The path of a builder's method (`new`, `body`, `parse_response`, a parameter's or a
/// credential's setter): `operations::GetPet::new`.
pub(crate) fn builder_method_path(op: &Operation, method: &str) -> String {
    format!("{}::{method}", operation_path(op))
}

/// The body argument of a builder's `new`: `operations::CreatePet::new(body)`.
pub(crate) fn body_argument_path(op: &Operation) -> String {
    format!("{}(body)", builder_method_path(op, "new"))
}

/// The type a builder's answer decodes to on success: `operations::GetPet::Output`.
pub(crate) fn output_path(op: &Operation) -> String {
    format!("{}::Output", operation_path(op))
}

/// The enum one side of an operation's result decodes to, when that side is an enum of
/// responses: `operations::GetPetError`.
pub(crate) fn outcome_path(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Enum { name, .. } => Some(format!("operations::{name}")),
        Outcome::Never | Outcome::Single(_) => None,
    }
}

/// A field of the struct an operation's response headers are read into:
/// `operations::GetPetHeaders::x_rate_limit`.
pub(crate) fn response_header_path(
    headers: &crate::ir::ResponseHeaders,
    header: &crate::ir::ResponseHeader,
) -> String {
    format!("operations::{}::{}", headers.name, header.name)
}
