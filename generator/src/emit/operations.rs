//! The `operations` module: a request builder per operation, with its response parser.

use std::collections::BTreeMap;
use std::sync::Arc;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attributes;
use super::split::{self, GatedItems, GroupModule, ModuleFile};
use super::{Scope, SourceFile, Std, content_ty, doc_attrs, ident, parsed, syntax, tree, ty};
use crate::ir::{
    Api, AuthKind, BodyEncoding, Content, Operation, Outcome, Param, ParamLocation, Response,
    Segment, StatusMatch, Ty, TypeKind,
};

/// `operations.rs` (and its groups' files, see `split`): each operation's builder, compiled
/// with the features in `gates`.
pub(super) fn operations<'a>(
    api: &'a Api,
    gates: Vec<Vec<String>>,
    modules: &BTreeMap<String, GroupModule>,
) -> Result<Vec<ModuleFile<'a>>, String> {
    if api.operations.is_empty() {
        return Ok(vec![ModuleFile {
            path: "operations.rs".to_owned(),
            file: SourceFile::whole(quote!())?,
        }]);
    }
    split::files(
        GatedItems {
            name: "operations",
            preamble: quote! {
                #![allow(deprecated)]
                #[allow(unused_imports)]
                use super::models;
                use crate::runtime;
            },
            holds: |group| format!("The operations of the group `{group}`"),
            gates,
            emit: Arc::new(move |i| operation(api, &api.operations[i])),
        },
        modules,
    )
}

/// The type a builder stores for a parameter, and the argument type its setter takes.
fn param_types(api: &Api, ty_: &Ty) -> (TokenStream, TokenStream, bool) {
    let Std { into, string, .. } = Std::of(api);
    let stored = ty(api, ty_, Scope::Operations);
    match ty_ {
        Ty::String => (stored, quote!(impl #into<#string>), true),
        Ty::Secret => (stored, quote!(impl #into<runtime::SecretString>), true),
        _ => (stored.clone(), stored, false),
    }
}

/// An operation's items. Its builder's setters, alike and many, are built as syntax trees (see
/// `tree`) and added to its `impl` after the rest is parsed.
fn operation(api: &Api, op: &Operation) -> Result<Vec<syn::Item>, String> {
    let name = ident(&op.name);
    let Std {
        option,
        vec,
        into,
        as_ref,
        ..
    } = Std::of(api);
    let route = format!(
        "`{} {}` (operation `{}`)",
        op.method, op.path, op.operation_id
    );
    let deprecated_note = op.deprecated.then_some("**Deprecated** in the spec.");
    // Docs are built as syntax trees and put in place after the rest is parsed: a big spec's
    // descriptions are much of its operations' text.
    let docs = doc_attributes([
        op.summary.as_deref(),
        op.description.as_deref(),
        Some(route.as_str()),
        deprecated_note,
    ]);
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "the API marks this operation deprecated")]));

    // Fields and constructor arguments: required inputs, then optional ones, then credentials.
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let field = ident(&param.name);
        let (stored, arg, convert) = param_types(api, &param.ty);
        let value = if convert {
            quote!(#field.into())
        } else {
            quote!(#field)
        };
        // `Self { name, .. }` where the argument is stored as it is.
        let init = if convert {
            quote!(#field: #value,)
        } else {
            quote!(#field,)
        };
        let doc = param_doc(param);
        if param.required {
            fields.push(quote!(#field: #stored,));
            args.push(quote!(#field: #arg));
            inits.push(init);
            arg_docs.push(format!("- `{}`: {}", crate::naming::bare(&param.name), doc));
        } else {
            fields.push(quote!(#field: #option<#stored>,));
            inits.push(quote!(#field: None,));
            let docs = doc_attributes([Some(doc.as_str())]);
            let value = if convert {
                tree::method(tree::var(&field), "into", [])
            } else {
                tree::var(&field)
            };
            let value = tree::call(tree::path_expr(&["Some"]), [value]);
            let store = tree::assign(tree::self_field(&field), value);
            let param = (field.clone(), parsed(arg)?);
            setters.push(tree::builder_method(docs, &field, vec![param], vec![store]));
        }
    }
    if let Some(body) = &op.body {
        let body_ty = match body.encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                ty(api, &body.ty, Scope::Operations)
            }
            BodyEncoding::Text => content_ty(api, &Content::Text),
            BodyEncoding::Bytes => content_ty(api, &Content::Bytes),
        };
        let doc = body
            .doc
            .clone()
            .unwrap_or_else(|| "The request body.".to_owned());
        if body.required {
            fields.push(quote!(body: #body_ty,));
            args.push(quote!(body: #body_ty));
            inits.push(quote!(body,));
            arg_docs.push(format!("- `body`: {doc}"));
        } else {
            fields.push(quote!(body: #option<#body_ty>,));
            inits.push(quote!(body: None,));
            let docs = doc_attributes([Some(doc.as_str())]);
            let body = ident("body");
            let value = tree::call(tree::path_expr(&["Some"]), [tree::var(&body)]);
            let store = tree::assign(tree::self_field(&body), value);
            let param = (body.clone(), parsed(body_ty)?);
            setters.push(tree::builder_method(docs, &body, vec![param], vec![store]));
        }
    }
    if !op.auth.is_empty() {
        fields.push(quote!(credentials: #vec<runtime::Credential>,));
        inits.push(quote!(credentials: #vec::new(),));
    }
    let secret = || parsed(quote!(impl #into<runtime::SecretString>));
    let (token, username, password) = (ident("token"), ident("username"), ident("password"));
    for auth in &op.auth {
        let setter = ident(&auth.setter);
        let name = auth.name.as_str();
        let (constructor, mut args, what) = match &auth.kind {
            AuthKind::Bearer => ("bearer", vec![], format!("`{name}: Bearer <token>`")),
            AuthKind::Http(http) => (
                "http",
                vec![tree::string(http)],
                format!("`{name}: {http} <credentials>`"),
            ),
            AuthKind::Basic => (
                "basic",
                vec![],
                format!("`{name}: Basic <user:password in base64>`"),
            ),
            AuthKind::Header => ("header", vec![], format!("`{name}: <token>`")),
            AuthKind::Query => ("query", vec![], format!("the query parameter `{name}`")),
            AuthKind::Cookie => ("cookie", vec![], format!("the cookie `{name}`")),
        };
        let summary = format!(
            "Authenticates with security scheme `{}`: sends {what}.",
            auth.scheme
        );
        let docs = doc_attributes([Some(summary.as_str()), auth.doc.as_deref()]);
        let params = match auth.kind {
            AuthKind::Basic => vec![
                (username.clone(), parsed(quote!(impl ::std::fmt::Display))?),
                (password.clone(), secret()?),
            ],
            _ => vec![(token.clone(), secret()?)],
        };
        args.insert(0, tree::string(name));
        args.extend(params.iter().map(|(param, _)| tree::var(param)));
        let credential = ident("credential");
        let made = tree::call(
            tree::path_expr(&["runtime", "Credential", constructor]),
            args,
        );
        let kept = tree::method(
            tree::self_field(&ident("credentials")),
            "push",
            [tree::var(&credential)],
        );
        let body = vec![tree::let_(&credential, made), tree::semi(kept)];
        setters.push(tree::builder_method(docs, &setter, params, body));
    }
    let new_docs = {
        let mut text = "Starts the request with its required inputs.".to_owned();
        if !arg_docs.is_empty() {
            text.push_str("\n\n");
            text.push_str(&arg_docs.join("\n"));
        }
        doc_attributes([Some(text.as_str())])
    };

    let (output_ty, output_enum) = outcome_types(api, op, &op.success, "success");
    let (error_ty, error_enum) = outcome_types(api, op, &op.error, "error");
    let build = build_body(api, op);
    let parse = parse_body(op);
    let base_url = &api.base_url;
    let headers = response_headers(api, op);

    let mut items = syntax(quote! {
        #deprecated
        #[derive(Debug, Clone)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                }
            }
        }

        impl runtime::Operation for #name {
            type Output = #output_ty;
            type Error = #error_ty;
            const DEFAULT_BASE_URL: &'static str = #base_url;

            fn build_with_base_url(self, base_url: &str) -> runtime::BuildResult {
                #build
            }

            fn parse_response<B: #as_ref<[u8]>>(
                response: ::http::Response<B>,
            ) -> runtime::ParseResult<Self> {
                #parse
            }
        }

        #output_enum
        #error_enum
        #headers
    })?
    .items;
    let [syn::Item::Struct(operation), syn::Item::Impl(builder), ..] = items.as_mut_slice() else {
        return Err(format!(
            "internal error: the struct and builder of {} are not where they were written",
            op.name
        ));
    };
    let Some(syn::ImplItem::Fn(new)) = builder.items.first_mut() else {
        return Err(format!(
            "internal error: the builder of {} has no constructor first",
            op.name
        ));
    };
    new.attrs.splice(0..0, new_docs);
    operation.attrs.splice(0..0, docs);
    builder.items.extend(setters);
    Ok(items)
}

/// The struct of the headers an operation's responses declare, and the function that reads it.
fn response_headers(api: &Api, op: &Operation) -> Option<TokenStream> {
    let headers = op.response_headers.as_ref()?;
    let Std { option, .. } = Std::of(api);
    let name = ident(&op.name);
    let struct_name = ident(&headers.name);
    let fields = headers.fields.iter().map(|h| {
        let field = ident(&h.name);
        let value = ty(api, &h.ty, Scope::Operations);
        let note = format!("`{}`", h.wire);
        let docs = doc_attrs([Some(note.as_str()), h.doc.as_deref()]);
        quote! {
            #docs
            pub #field: #option<#value>,
        }
    });
    let reads = headers.fields.iter().map(|h| {
        let field = ident(&h.name);
        let wire = &h.wire;
        quote!(#field: runtime::header_value(headers, #wire),)
    });
    let doc = format!(
        " The headers the spec declares for the answers of `{} {}`: each `None` when the \
         answer lacks it or it does not parse as its type.",
        op.method, op.path
    );
    let read_doc = format!(
        " Reads [`{}`] from an answer's headers (`runtime::Answered::headers`, or the \
         `http::Response` before `parse_response` takes it).",
        headers.name
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #struct_name {
            #(#fields)*
        }

        impl #name {
            #[doc = #read_doc]
            pub fn response_headers(headers: &::http::HeaderMap) -> #struct_name {
                #struct_name {
                    #(#reads)*
                }
            }
        }
    })
}

fn param_doc(param: &Param) -> String {
    let place = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut doc = format!("`{}` ({place} parameter)", param.wire_name);
    if let Some(text) = &param.doc {
        doc.push_str(": ");
        doc.push_str(text.trim());
    }
    if param.deprecated {
        doc.push_str(" Deprecated.");
    }
    doc
}

fn build_body(api: &Api, op: &Operation) -> TokenStream {
    let method = format_ident!("{}", op.method);
    let mut steps = Vec::new();
    for segment in &op.segments {
        match segment {
            Segment::Literal(text) => steps.push(quote!(.path(#text))),
            Segment::Param(index) => {
                let param = &op.params[*index];
                let field = ident(&param.name);
                let wire = &param.wire_name;
                if param.json {
                    steps.push(quote!(.path_param(#wire, &runtime::AsJson(&self.#field))?));
                } else {
                    steps.push(quote!(.path_param(#wire, &self.#field)?));
                }
            }
        }
    }
    for param in &op.params {
        let field = ident(&param.name);
        let wire = &param.wire_name;
        let value = match (param.required, param.json) {
            (true, false) => quote!(Some(&self.#field)),
            (false, false) => quote!(self.#field.as_ref()),
            (true, true) => quote!(Some(&runtime::AsJson(&self.#field))),
            (false, true) => quote!(self.#field.as_ref().map(runtime::AsJson).as_ref()),
        };
        match param.location {
            ParamLocation::Query => {
                let style = ident(param.style.variant());
                steps.push(quote!(.query(#wire, #value, runtime::QueryStyle::#style)?));
            }
            ParamLocation::Header => steps.push(quote!(.header(#wire, #value)?)),
            ParamLocation::Cookie => steps.push(quote!(.cookie(#wire, #value)?)),
            ParamLocation::Path => {}
        }
    }
    if !op.auth.is_empty() {
        steps.push(quote!(.auth(&self.credentials)?));
    }
    if let Some(body) = &op.body {
        let content_type = &body.content_type;
        let structured = matches!(
            body.encoding,
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
        );
        let value = match (structured, body.required) {
            (true, true) => quote!(Some(&self.body)),
            (true, false) => quote!(self.body.as_ref()),
            (false, true) => quote!(Some(&*self.body)),
            (false, false) => quote!(self.body.as_deref()),
        };
        let styles = body.styles.iter().map(|(name, style)| {
            let style = ident(style.variant());
            quote!((#name, runtime::QueryStyle::#style))
        });
        let styles = quote!(&[#(#styles),*]);
        steps.push(match body.encoding {
            BodyEncoding::Json => quote!(.json_body(#content_type, #value)?),
            BodyEncoding::Form => quote!(.form_body(#content_type, #value, #styles)?),
            BodyEncoding::Multipart => {
                let binary = binary_fields(api, &body.ty);
                quote!(.multipart_body(#value, #styles, &[#(#binary),*])?)
            }
            BodyEncoding::Text => quote!(.text_body(#content_type, #value)),
            BodyEncoding::Bytes => quote!(.bytes_body(#content_type, #value)),
        });
    }
    quote! {
        runtime::RequestBuilder::new(::http::Method::#method, base_url)
            #(#steps)*
            .finish()
    }
}

/// The Rust type of one side of the result, and the enum to emit for it if it needs one.
fn outcome_types(
    api: &Api,
    op: &Operation,
    outcome: &Outcome,
    side: &str,
) -> (TokenStream, Option<TokenStream>) {
    match outcome {
        Outcome::Never => (quote!(::std::convert::Infallible), None),
        Outcome::Single(content) => (content_ty(api, content), None),
        Outcome::Enum { name, variants } => {
            let enum_name = ident(name);
            let variants = variants.iter().map(|(variant, index)| {
                let response = &op.responses[*index];
                let variant = ident(variant);
                let doc = format!(
                    "{}{}",
                    response.status.spec_text(),
                    response
                        .description
                        .as_deref()
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                );
                let docs = doc_attrs([Some(doc.as_str())]);
                match &response.content {
                    Content::Empty => quote!(#docs #variant,),
                    content => {
                        let payload = content_ty(api, content);
                        quote!(#docs #variant(#payload),)
                    }
                }
            });
            let doc = format!(" The documented {side} responses of [`{}`].", op.name);
            let item = quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #enum_name {
                    #(#variants)*
                }
            };
            (quote!(#enum_name), Some(item))
        }
    }
}

fn parse_body(op: &Operation) -> TokenStream {
    // Exact codes first, then ranges, then `default`, so that no arm hides a later one.
    let mut order: Vec<usize> = (0..op.responses.len()).collect();
    order.sort_by_key(|&i| match op.responses[i].status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let mut arms: Vec<(Handler, Vec<TokenStream>)> = Vec::new();
    let mut has_default = false;
    for index in order {
        let response = &op.responses[index];
        let pattern = match response.status {
            StatusMatch::Code(code) => {
                let lit = Literal::u16_unsuffixed(code);
                quote!(#lit)
            }
            StatusMatch::Range(digit) => {
                let low = Literal::u16_unsuffixed(digit * 100);
                let high = Literal::u16_unsuffixed(digit * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => {
                has_default = true;
                quote!(_)
            }
        };
        let handler = Handler::of(op, index, response);
        // Responses handled alike share one arm: `400 | 401 => ...`.
        match arms.iter_mut().find(|(h, _)| *h == handler) {
            Some((_, patterns)) if response.status != StatusMatch::Default => {
                patterns.push(pattern)
            }
            _ => arms.push((handler, vec![pattern])),
        }
    }
    let arms = arms.iter().map(|(handler, patterns)| {
        let handler = handler.tokens();
        quote!(#(#patterns)|* => #handler,)
    });
    let fallback = (!has_default).then(|| quote!(_ => response.undocumented(),));
    quote! {
        let response = runtime::RawResponse::new(response);
        match response.status() {
            #(#arms)*
            #fallback
        }
    }
}

/// The expression that reads one documented response.
/// How a documented response is read: success or error, by which reader, into which variant of
/// the operation's outcome enum (if it has one). Two responses read alike share a match arm.
#[derive(PartialEq)]
struct Handler<'o> {
    success: bool,
    content: ContentKind,
    /// The outcome enum and the variant, when the outcome is an enum.
    variant: Option<(&'o str, &'o str)>,
}

#[derive(Clone, Copy, PartialEq)]
enum ContentKind {
    Json,
    Text,
    Bytes,
    Empty,
}

impl<'o> Handler<'o> {
    fn of(op: &'o Operation, index: usize, response: &Response) -> Self {
        let success = response.success;
        let outcome = if success { &op.success } else { &op.error };
        let variant = match outcome {
            Outcome::Enum { name, variants } => variants
                .iter()
                .find(|(_, i)| *i == index)
                .map(|(v, _)| (name.as_str(), v.as_str())),
            _ => None,
        };
        let content = match &response.content {
            Content::Json(_) => ContentKind::Json,
            Content::Text => ContentKind::Text,
            Content::Bytes => ContentKind::Bytes,
            Content::Empty => ContentKind::Empty,
        };
        Self {
            success,
            content,
            variant,
        }
    }

    fn tokens(&self) -> TokenStream {
        let wrap = match self.variant {
            Some((name, variant)) => {
                let (name, variant) = (ident(name), ident(variant));
                quote!(#name::#variant)
            }
            None => quote!(::std::convert::identity),
        };
        let empty_value = match self.variant {
            Some(_) => wrap.clone(),
            None => quote!(()),
        };
        match (self.content, self.success) {
            (ContentKind::Json, true) => quote!(response.json(#wrap)),
            (ContentKind::Text, true) => quote!(response.text(#wrap)),
            (ContentKind::Bytes, true) => quote!(response.bytes(#wrap)),
            (ContentKind::Empty, true) => quote!(response.empty(#empty_value)),
            (ContentKind::Json, false) => quote!(response.json_error(#wrap)),
            (ContentKind::Text, false) => quote!(response.text_error(#wrap)),
            (ContentKind::Bytes, false) => quote!(response.bytes_error(#wrap)),
            (ContentKind::Empty, false) => quote!(response.empty_error(#empty_value)),
        }
    }
}

/// The properties of a multipart body that hold raw bytes, to be sent as file parts.
fn binary_fields(api: &Api, body: &Ty) -> Vec<String> {
    let Ty::Named(id) = body else {
        return Vec::new();
    };
    match &api.ty(*id).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter(|f| f.ty == Ty::Bytes)
            .map(|f| f.wire_name.clone())
            .collect(),
        _ => Vec::new(),
    }
}
