//! The one spelling of IR types as Rust types. Generated code writes them as tokens, with
//! paths that compile where they stand; the surface listing (and the diff's report through it)
//! writes them as short text. Both come from the same tree, so the two cannot disagree.

use std::borrow::Cow;
use std::fmt;

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt, quote};

use crate::ir::{Api, Content, Field, Ty};
use crate::naming::PRELUDE_TYPES;

/// Where a type is written, which decides how its paths are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Naming {
    /// Generated code: the prelude types by their `::std` paths when `full_std` (a generated
    /// type shadows one of them), and models as `models::Name` when `in_operations`.
    Code { full_std: bool, in_operations: bool },
    /// The surface listing: short names.
    Listing,
}

impl Naming {
    /// A prelude type (one of `naming::PRELUDE_TYPES`): as it is named, or by its full path in
    /// code whose API shadows the prelude.
    pub(crate) fn prelude(self, short: &'static str) -> &'static str {
        match self {
            Naming::Code { full_std: true, .. } => PRELUDE_TYPES
                .iter()
                .find(|(name, _)| *name == short)
                .map_or(short, |(_, full)| full),
            _ => short,
        }
    }

    /// A type from outside the prelude: its whole path in code, a short one in the listing.
    fn external(self, code: &'static str, listing: &'static str) -> &'static str {
        match self {
            Naming::Code { .. } => code,
            Naming::Listing => listing,
        }
    }
}

/// A Rust type: `()`, or a path with its generic arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustType {
    Unit,
    Path {
        path: Cow<'static, str>,
        args: Vec<RustType>,
    },
}

impl RustType {
    fn plain(path: impl Into<Cow<'static, str>>) -> Self {
        RustType::Path {
            path: path.into(),
            args: Vec::new(),
        }
    }

    fn generic(path: &'static str, args: Vec<RustType>) -> Self {
        RustType::Path {
            path: Cow::Borrowed(path),
            args,
        }
    }
}

/// The Rust type of a `Ty`.
pub(crate) fn rust_type(api: &Api, ty: &Ty, naming: Naming) -> RustType {
    let string = || RustType::plain(naming.prelude("String"));
    let json_value = naming.external("::serde_json::Value", "serde_json::Value");
    let inner = |inner: &Ty| vec![rust_type(api, inner, naming)];
    match ty {
        Ty::Bool => RustType::plain("bool"),
        Ty::I32 => RustType::plain("i32"),
        Ty::I64 => RustType::plain("i64"),
        Ty::F32 => RustType::plain("f32"),
        Ty::F64 => RustType::plain("f64"),
        Ty::String => string(),
        Ty::Secret => {
            RustType::plain(naming.external("crate::runtime::SecretString", "SecretString"))
        }
        Ty::DateTime => RustType::generic(
            naming.external("::chrono::DateTime", "DateTime"),
            vec![RustType::plain(
                naming.external("::chrono::FixedOffset", "FixedOffset"),
            )],
        ),
        Ty::Date => RustType::plain(naming.external("::chrono::NaiveDate", "NaiveDate")),
        Ty::Json => RustType::plain(json_value),
        Ty::JsonObject => RustType::generic(
            naming.external("::serde_json::Map", "serde_json::Map"),
            vec![
                string(),
                RustType::plain(naming.external(json_value, "Value")),
            ],
        ),
        Ty::Bytes => bytes(naming),
        Ty::Vec(item) => RustType::generic(naming.prelude("Vec"), inner(item)),
        Ty::Option(value) => option(naming, rust_type(api, value, naming)),
        Ty::Map(value) => RustType::generic(
            naming.external("::std::collections::BTreeMap", "BTreeMap"),
            vec![string(), rust_type(api, value, naming)],
        ),
        Ty::Named(id) => {
            let name = &api.ty(*id).name;
            match naming {
                Naming::Code {
                    in_operations: true,
                    ..
                } => RustType::plain(format!("models::{name}")),
                _ => RustType::plain(name.clone()),
            }
        }
    }
}

/// The Rust type of a struct's field: boxed if it closes a cycle, optional if it may be
/// absent, and `Option<Option<_>>` where a request tells absent and `null` apart.
pub(crate) fn field_type(api: &Api, field: &Field, naming: Naming) -> RustType {
    let inner = held_type(api, field, naming);
    if field.explicit_null {
        option(naming, option(naming, inner))
    } else if field.optional() {
        option(naming, inner)
    } else {
        inner
    }
}

/// The Rust type a response body decodes to.
pub(crate) fn content_type(api: &Api, content: &Content, naming: Naming) -> RustType {
    match content {
        Content::Empty => RustType::Unit,
        Content::Json(ty) => rust_type(api, ty, naming),
        Content::Text => RustType::plain(naming.prelude("String")),
        Content::Bytes => bytes(naming),
    }
}

/// The Rust type of what a field holds, without its `Option`s: boxed if it closes a cycle.
pub(crate) fn held_type(api: &Api, field: &Field, naming: Naming) -> RustType {
    let held = rust_type(api, &field.ty, naming);
    match field.boxed {
        true => boxed(naming, held),
        false => held,
    }
}

/// A prelude type by its name in `naming::PRELUDE_TYPES`, with no arguments: `Result`.
pub(crate) fn prelude(naming: Naming, name: &'static str) -> RustType {
    RustType::plain(naming.prelude(name))
}

/// `Box<inner>`.
pub(crate) fn boxed(naming: Naming, inner: RustType) -> RustType {
    RustType::generic(naming.prelude("Box"), vec![inner])
}

/// `Option<inner>`.
pub(crate) fn option(naming: Naming, inner: RustType) -> RustType {
    RustType::generic(naming.prelude("Option"), vec![inner])
}

fn bytes(naming: Naming) -> RustType {
    RustType::generic(naming.prelude("Vec"), vec![RustType::plain("u8")])
}

/// An identifier, raw (`r#type`) where the name says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let RustType::Path { path, args } = self else {
            tokens.extend(quote!(()));
            return;
        };
        for (index, segment) in path.split("::").enumerate() {
            if index > 0 {
                tokens.append(Punct::new(':', Spacing::Joint));
                tokens.append(Punct::new(':', Spacing::Alone));
            }
            // A leading `::` leaves the first segment empty.
            if !segment.is_empty() {
                tokens.append(ident(segment));
            }
        }
        if !args.is_empty() {
            tokens.extend(quote!(<#(#args),*>));
        }
    }
}

impl fmt::Display for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let RustType::Path { path, args } = self else {
            return f.write_str("()");
        };
        f.write_str(path)?;
        if let Some((first, rest)) = args.split_first() {
            write!(f, "<{first}")?;
            for arg in rest {
                write!(f, ", {arg}")?;
            }
            f.write_str(">")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API with one model, `Pet`, lowered from a spec.
    fn api() -> Api {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n";
        let input = crate::ApiInput::new(
            crate::Source::new("spec.yaml", spec),
            crate::settings::ApiSettings::new("spec.yaml", "pets"),
        );
        crate::parse_api(&input).expect("the spec lowers")
    }

    #[test]
    fn one_type_spelled_for_code_and_for_the_listing() {
        let api = api();
        let pet = api.types.iter().position(|t| t.name == "Pet").expect("Pet");
        let ty = Ty::Map(Box::new(Ty::Vec(Box::new(Ty::Option(Box::new(
            Ty::Named(crate::ir::TypeId(pet)),
        ))))));
        let code = |full_std, in_operations| {
            let naming = Naming::Code {
                full_std,
                in_operations,
            };
            rust_type(&api, &ty, naming).to_token_stream().to_string()
        };
        assert_eq!(
            code(false, true),
            ":: std :: collections :: BTreeMap < String , Vec < Option < models :: Pet > > >"
        );
        assert_eq!(
            code(true, false),
            ":: std :: collections :: BTreeMap < :: std :: string :: String , :: std :: vec :: Vec < :: std :: option :: Option < Pet > > >"
        );
        assert_eq!(
            rust_type(&api, &ty, Naming::Listing).to_string(),
            "BTreeMap<String, Vec<Option<Pet>>>"
        );
        assert_eq!(
            rust_type(&api, &Ty::JsonObject, Naming::Listing).to_string(),
            "serde_json::Map<String, Value>"
        );
        let unit = content_type(&api, &Content::Empty, Naming::Listing);
        assert_eq!(unit.to_token_stream().to_string(), "()");
        assert_eq!(unit.to_string(), "()");
    }
}
