//! Stage 5: the IR to Rust syntax, one `SourceFile` per output file. What it writes is syntax
//! trees; laying them out as text is `render`'s.

mod client;
pub(crate) mod crate_files;
mod docs;
mod features;
mod models;
mod objects;
mod operations;
mod sharing;
mod split;
mod tree;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::ir::{Api, Content, Field, Ty, UnionVariant};
pub(crate) use crate::rust_type::ident;
use crate::rust_type::{self, Naming, rust_type};

pub(crate) use docs::{doc_attrs, inner_doc_attrs};

/// One Rust file as syntax: its inner attributes and imports, and a way to emit each of its
/// items, so that `render` can emit and lay out items on several threads (syntax trees cannot
/// cross threads, so each is built on the thread that lays it out).
pub(crate) struct SourceFile<'a> {
    /// Inner attributes and imports; a small file is all preamble.
    pub preamble: syn::File,
    /// The items that follow the preamble, emitted one by one; none in a file emitted whole.
    pub items: Option<Items<'a>>,
}

/// A file's items: how many, and a way to emit item `i` (which may be several Rust items).
pub(crate) struct Items<'a> {
    pub count: usize,
    pub emit: Box<dyn Fn(usize) -> Result<Vec<syn::Item>, String> + Sync + 'a>,
}

impl SourceFile<'_> {
    /// A file emitted whole, with no items to emit later.
    pub fn whole(tokens: TokenStream) -> Result<Self, String> {
        Ok(SourceFile {
            preamble: syntax(tokens)?,
            items: None,
        })
    }
}

/// The syntax tree of emitted tokens, a file of items.
pub(crate) fn syntax(tokens: TokenStream) -> Result<syn::File, String> {
    parsed(tokens)
}

/// The syntax tree of emitted tokens: a file, a type, a statement, a path... Tokens that do not
/// parse are a bug in the emitter, reported as an error rather than a panic.
pub(crate) fn parsed<T: syn::parse::Parse>(tokens: TokenStream) -> Result<T, String> {
    syn::parse2(tokens).map_err(|e| format!("internal error: emitted code does not parse: {e}"))
}

pub(crate) use split::ModuleFile;

/// Emits one API's files: `mod.rs`, `models.rs`, `operations.rs` and `client.rs`, and with
/// groups the files of each after its module's (see `split`). `features` names the Cargo
/// feature of each of its groups (group name to feature name): the items of a group's
/// operations compile with that feature only. With none, the module compiles whole.
pub(crate) fn api_module<'a>(
    api: &'a Api,
    features: &BTreeMap<String, String>,
) -> Result<Vec<ModuleFile<'a>>, String> {
    let shared = sharing::shared_types(api);
    let modules = split::group_modules(features);
    let gates = if features.is_empty() {
        features::Gates::none(api)
    } else {
        features::Gates::of(api, &shared, features)
    };
    let title = format!("{} (version {})", api.title, api.version);
    let server = (!api.base_url.is_empty()).then(|| format!("Default server: {}", api.base_url));
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        let mut text =
            "Webhooks (requests the API sends; decode their bodies with serde):".to_owned();
        for webhook in &api.webhooks {
            let payload = match &webhook.payload {
                Some(Ty::Named(id)) => format!("[`models::{}`]", api.ty(*id).name),
                Some(_) | None => "a body without a named type".to_owned(),
            };
            text.push_str(&format!(
                "\n- `{} {}`: {payload}",
                webhook.method, webhook.name
            ));
        }
        text
    });
    let inner_docs = docs::inner_doc_attrs([
        Some(title.as_str()),
        api.doc.as_deref(),
        server.as_deref(),
        webhooks.as_deref(),
    ]);
    // An API module named like one of its own modules (`operations::operations`) is what the
    // user asked for, not a mistake clippy should stop the build for.
    let inception = ["models", "operations", "client"]
        .contains(&api.module.as_str())
        .then(|| quote!(#![allow(clippy::module_inception)]));
    let mut files = vec![ModuleFile {
        path: "mod.rs".to_owned(),
        file: SourceFile::whole(quote! {
            #inner_docs
            #inception
            pub mod models;
            pub mod operations;
            #[cfg(feature = "client")]
            pub mod client;
        })?,
    }];
    files.extend(models::models(api, shared, gates.types, &modules)?);
    files.extend(operations::operations(
        api,
        gates.operations.clone(),
        &modules,
    )?);
    files.push(ModuleFile {
        path: "client.rs".to_owned(),
        file: client::client(api, gates.operations)?,
    });
    Ok(files)
}

/// How generated code names the prelude types it uses: unqualified, unless a generated type
/// shadows one of them, and then all by their full `::std` paths (`naming::PRELUDE_TYPES`).
pub(crate) struct Std {
    pub option: TokenStream,
    pub result: TokenStream,
    pub string: TokenStream,
    pub vec: TokenStream,
    pub boxed: TokenStream,
    pub into: TokenStream,
    pub as_ref: TokenStream,
    pub from: TokenStream,
}

impl Std {
    pub fn of(api: &Api) -> Self {
        let naming = Scope::Models.naming(api);
        let path = |name| rust_type::prelude(naming, name).to_token_stream();
        Std {
            option: path("Option"),
            result: path("Result"),
            string: path("String"),
            vec: path("Vec"),
            boxed: path("Box"),
            into: path("Into"),
            as_ref: path("AsRef"),
            from: path("From"),
        }
    }
}

/// Where generated types are named from.
#[derive(Clone, Copy)]
pub(crate) enum Scope {
    /// Inside the `models` module.
    Models,
    /// Inside the `operations` module, which names models as `models::Name`.
    Operations,
}

impl Scope {
    /// How a type is spelled here (see `rust_type`).
    fn naming(self, api: &Api) -> Naming {
        Naming::Code {
            full_std: api.std_shadowed,
            in_operations: matches!(self, Scope::Operations),
        }
    }
}

/// The Rust type of a `Ty`.
pub(crate) fn ty(api: &Api, ty: &Ty, scope: Scope) -> TokenStream {
    rust_type(api, ty, scope.naming(api)).to_token_stream()
}

/// The Rust type of a struct's field (see `rust_type::field_type`).
pub(crate) fn field_ty(api: &Api, field: &Field) -> TokenStream {
    rust_type::field_type(api, field, Scope::Models.naming(api)).to_token_stream()
}

/// The Rust type of what a field holds, without its `Option`s (see `rust_type::held_type`).
pub(crate) fn held_ty(api: &Api, field: &Field, scope: Scope) -> TokenStream {
    rust_type::held_type(api, field, scope.naming(api)).to_token_stream()
}

/// The Rust type of a union variant's payload: boxed if it closes a cycle.
pub(crate) fn variant_ty(api: &Api, variant: &UnionVariant) -> TokenStream {
    let naming = Scope::Models.naming(api);
    let payload = rust_type(api, &variant.ty, naming);
    match variant.boxed {
        true => rust_type::boxed(naming, payload),
        false => payload,
    }
    .to_token_stream()
}

/// The Rust type a response body decodes to.
pub(crate) fn content_ty(api: &Api, content: &Content) -> TokenStream {
    rust_type::content_type(api, content, Scope::Operations.naming(api)).to_token_stream()
}

/// Whether a type, anywhere inside it, uses chrono.
pub(crate) fn uses_chrono(ty: &Ty) -> bool {
    match ty {
        Ty::DateTime | Ty::Date => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => uses_chrono(inner),
        _ => false,
    }
}
