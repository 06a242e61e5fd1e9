//! The `models` module: one Rust type per schema.

use std::collections::BTreeMap;
use std::sync::Arc;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{code_span, doc_attribute, doc_attributes};
use super::features::{self, TypeGates, link_gate};
use super::split::{self, GatedItems, GroupModule, ModuleFile};
use super::{Scope, Std, doc_attrs, field_ty, held_ty, ident, syntax, tree, ty};
use crate::ir::{Api, Enum, Field, Holding, Struct, Ty, TypeDef, TypeKind, Union};
use crate::rust_type;

/// The links of one type that compile with features of their own (see [`TypeGates::links`]).
type Links<'g> = &'g [(Holding, Vec<String>)];

/// `models.rs` (and its groups' files, see `split`): each type, written as the one in `shared`
/// where that is the same, and compiled with the features in `gates`.
pub(super) fn models<'a>(
    api: &'a Api,
    shared: Vec<Option<usize>>,
    gates: TypeGates,
    modules: &BTreeMap<String, GroupModule>,
) -> Result<Vec<ModuleFile<'a>>, String> {
    let TypeGates { own, links } = gates;
    split::files(
        GatedItems {
            name: "models",
            preamble: quote!(#![allow(deprecated)]),
            holds: |group| format!("The types that only the group `{group}` uses"),
            gates: own,
            emit: Arc::new(move |i| {
                let same_as = shared[i].map(|at| &api.types[at]);
                type_def(api, &api.types[i], same_as, &links[i])
            }),
        },
        modules,
    )
}

/// A type's items. `same_as` is the type it is written as, when that one is the same.
fn type_def(
    api: &Api,
    def: &TypeDef,
    same_as: Option<&TypeDef>,
    links: Links,
) -> Result<Vec<syn::Item>, String> {
    if let Some(other) = same_as {
        return Ok(syntax(same_type(def, other))?.items);
    }
    match &def.kind {
        TypeKind::Struct(s) => structure(api, def, s, links),
        TypeKind::Enum(e) => value_enum(api, def, e),
        TypeKind::Union(u) => {
            let (docs, deprecated) = type_docs(def);
            Ok(syntax(union(api, def, u, links, docs, deprecated))?.items)
        }
        TypeKind::Alias(target) => {
            let (docs, deprecated) = type_docs(def);
            let name = ident(&def.name);
            let target = ty(api, target, Scope::Models);
            Ok(syntax(quote! {
                #docs
                #deprecated
                pub type #name = #target;
            })?
            .items)
        }
    }
}

/// A type written as `other`, which is the same: an alias of it.
fn same_type(def: &TypeDef, other: &TypeDef) -> TokenStream {
    let (docs, deprecated) = type_docs(def);
    let name = ident(&def.name);
    // A link of ours, not spec text: written as is.
    let note = format!(" The same as [`{}`]: one type for both.", other.name);
    let gap = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let other = ident(&other.name);
    quote! {
        #docs
        #gap
        #[doc = #note]
        #deprecated
        pub type #name = #other;
    }
}

/// A type's doc comment (with the schema it comes from) and `#[deprecated]`.
fn type_docs(def: &TypeDef) -> (TokenStream, Option<TokenStream>) {
    let docs = doc_attrs([def.doc.as_deref(), schema_note(def).as_deref()]);
    (docs, def.deprecated.then(|| quote!(#[deprecated])))
}

/// The same docs as syntax trees, for an item built as one.
fn type_doc_attributes(def: &TypeDef) -> Vec<syn::Attribute> {
    doc_attributes([def.doc.as_deref(), schema_note(def).as_deref()])
}

/// Which schema of the spec a type is made from.
fn schema_note(def: &TypeDef) -> Option<String> {
    def.schema_name
        .as_ref()
        .map(|name| format!("Schema `{name}`."))
}

/// A struct, with how it is read when it is received. A field that is a link compiling with
/// features of its own is left out without them (serde then passes over its key), and the
/// struct is `#[non_exhaustive]`, so that turning a feature on adds the field without breaking
/// code that builds or matches it.
fn structure(api: &Api, def: &TypeDef, s: &Struct, links: Links) -> Result<Vec<syn::Item>, String> {
    let name = ident(&def.name);
    let naming = Scope::Models.naming(api);
    let cfgs: Vec<Vec<syn::Attribute>> = (0..s.fields.len())
        .map(|i| link_gate(links, Holding::Field(i)).map_or_else(TokenStream::new, features::cfg))
        .map(|cfg| tree::attributes(&cfg))
        .collect::<Result<_, _>>()?;
    // The struct is built as a syntax tree, not parsed from tokens: a big spec's structs are
    // most of its models, and their docs most of their text.
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .zip(&cfgs)
        .enumerate()
        .map(|(i, (field, cfg))| {
            let deprecated_note = field.deprecated.then_some("Deprecated.");
            let link_note = link_gate(links, Holding::Field(i)).map(|features| {
                format!(
                    "Only with {}: without it, a value of this key is passed over.",
                    features::named(features)
                )
            });
            let mut attrs =
                doc_attributes([field.doc.as_deref(), deprecated_note, link_note.as_deref()]);
            attrs.extend(cfg.iter().cloned());
            let field_ty = rust_type::field_type(api, field, naming);
            tree::public_field(attrs, &ident(&field.name), tree::rust_type(&field_ty))
        })
        .collect();
    if let Some(value) = &s.additional {
        let map = rust_type::rust_type(api, &Ty::Map(Box::new(value.clone())), naming);
        let docs = doc_attributes([Some("Properties the schema does not declare.")]);
        let field = ident(&s.additional_name);
        fields.push(tree::public_field(docs, &field, tree::rust_type(&map)));
    }
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let non_exhaustive = (!links.is_empty()).then(|| quote!(#[non_exhaustive]));
    let all_optional = s.fields.iter().all(Field::optional);
    let default = all_optional.then(|| quote!(Default,));
    let mut attrs = type_doc_attributes(def);
    attrs.extend(tree::attributes(&quote! {
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        #non_exhaustive
    })?);
    let mut items = vec![tree::struct_item(attrs, &name, fields)];
    if let Some(e) = &s.envelope {
        items.extend(syntax(envelope(api, def, s, e))?.items);
    }
    // Right after the struct, before its envelope's methods: how it is read, and how written.
    let mut io = Vec::new();
    if def.deserialize {
        io.extend(super::objects::read_items(api, def, s, &cfgs)?);
    }
    if def.serialize {
        io.extend(super::objects::write_items(api, def, s, &cfgs)?);
    }
    items.splice(1..1, io);
    Ok(items)
}

/// `into_result` for a struct the settings name as an envelope.
fn envelope(api: &Api, def: &TypeDef, s: &Struct, e: &crate::ir::Envelope) -> TokenStream {
    let name = ident(&def.name);
    let Std { result, .. } = Std::of(api);
    let status = &s.fields[e.status];
    let data = &s.fields[e.data];
    let error = &s.fields[e.error];
    let status_name = ident(&status.name);
    let data_name = ident(&data.name);
    let error_name = ident(&error.name);

    // How the status is compared with the success value: an enum by its wire value.
    let enum_of_integers = match &status.ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) => Some(e.integer),
            _ => None,
        },
        _ => None,
    };
    let success = match &e.success {
        serde_json::Value::String(text) => quote!(#text),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => {
                let lit = Literal::i64_unsuffixed(i);
                quote!(#lit)
            }
            None => {
                let lit = Literal::f64_unsuffixed(n.as_f64().unwrap_or_default());
                quote!(#lit)
            }
        },
        serde_json::Value::Bool(b) => quote!(#b),
        _ => quote!(()),
    };
    let read = match enum_of_integers {
        Some(true) => quote!(.value()),
        Some(false) => quote!(.as_str()),
        None if status.ty == Ty::String => quote!(.as_str()),
        None => quote!(),
    };
    let check = match (&e.success, status.optional()) {
        (_, true) => {
            quote!(self.#status_name.as_ref().map(|status| status #read) == Some(#success))
        }
        // A required boolean is the test itself.
        (serde_json::Value::Bool(true), false) => quote!(self.#status_name),
        (serde_json::Value::Bool(false), false) => quote!(!self.#status_name),
        (_, false) => quote!(self.#status_name #read == #success),
    };

    let status_ty = field_ty(api, status);
    let data_ty = held_ty(api, data, Scope::Models);
    let error_ty = held_ty(api, error, Scope::Models);
    let ok = if data.optional() {
        quote!(self.#data_name.ok_or(crate::runtime::EnvelopeError::MissingData))
    } else {
        quote!(Ok(self.#data_name))
    };
    let error_value = if error.optional() {
        quote!(self.#error_name)
    } else {
        quote!(Some(self.#error_name))
    };
    let doc = format!(
        " `{}` when `{}` is `{}`; otherwise the failure, with `{}`.",
        data.wire_name, status.wire_name, e.success, error.wire_name
    );
    quote! {
        impl #name {
            /// Turns the envelope into a `Result`:
            #[doc = #doc]
            pub fn into_result(
                self,
            ) -> #result<#data_ty, crate::runtime::EnvelopeError<#status_ty, #error_ty>> {
                if #check {
                    #ok
                } else {
                    Err(crate::runtime::EnvelopeError::Failed {
                        status: self.#status_name,
                        error: #error_value,
                    })
                }
            }
        }
    }
}

/// An enum of the values a schema lists, written out: a unit variant per value, and a
/// catch-all variant that keeps any other value, so that a value the server adds later still
/// parses. The wire values are the two `match`es of `as_str` (or `value`) and `From`; the
/// runtime's `string_enum!` or `int_enum!` adds `Display` and the serde impls, which go through
/// those two.
fn value_enum(api: &Api, def: &TypeDef, e: &Enum) -> Result<Vec<syn::Item>, String> {
    let (docs, deprecated) = type_docs(def);
    let Std { string, from, .. } = Std::of(api);
    let name = ident(&def.name);
    let unknown = ident(&e.unknown);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wire_docs = e.variants.iter().map(|v| code_span(&v.wire));
    let unknown_doc = " A value this version of the spec does not list.";
    if e.integer {
        // An integer enum's values were read as `i64`, so they parse back; a negative one is
        // a minus sign before its absolute value, as Rust source writes it.
        let numbers = e
            .variants
            .iter()
            .map(|v| {
                let number = v.wire.parse::<i64>().map_err(|_| {
                    format!(
                        "internal error: `{}` of the integer enum {} is not an integer",
                        v.wire, def.name
                    )
                })?;
                let magnitude = Literal::u64_unsuffixed(number.unsigned_abs());
                let sign = (number < 0).then(|| quote!(-));
                Ok(quote!(#sign #magnitude))
            })
            .collect::<Result<Vec<TokenStream>, String>>()?;
        // With no value listed, every value is the catch-all's.
        let from_number = if e.variants.is_empty() {
            quote!(Self::#unknown(value))
        } else {
            quote! {
                match value {
                    #(#numbers => Self::#variants,)*
                    other => Self::#unknown(other),
                }
            }
        };
        return Ok(syntax(quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #deprecated
            pub enum #name {
                #(#[doc = #wire_docs] #variants,)*
                #[doc = #unknown_doc]
                #unknown(i64),
            }

            impl #name {
                /// The value as it is sent on the wire.
                pub fn value(self) -> i64 {
                    match self {
                        #(Self::#variants => #numbers,)*
                        Self::#unknown(value) => value,
                    }
                }
            }

            impl #from<i64> for #name {
                fn from(value: i64) -> Self {
                    #from_number
                }
            }

            int_enum!(#name);
        })?
        .items);
    }
    // Its parts of one line per value are built as trees (see `tree`): with hundreds of
    // values (Stripe's merchant categories), parsing them would be most of the cost.
    let from_str = if e.variants.is_empty() {
        quote!(Self::#unknown(value.to_owned()))
    } else {
        quote! {
            match value {
                _ => Self::#unknown(value.to_owned()),
            }
        }
    };
    let mut items = syntax(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #deprecated
        pub enum #name {
            #[doc = #unknown_doc]
            #unknown(#string),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::#unknown(value) => value,
                }
            }
        }

        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                #from_str
            }
        }

        string_enum!(#name);
    })?
    .items;
    let missing = || format!("internal error: the enum {} is not as emitted", def.name);
    let Some(syn::Item::Enum(listed)) = items.first_mut() else {
        return Err(missing());
    };
    let values = variants
        .iter()
        .zip(wire_docs)
        .map(|(variant, wire)| tree::unit_variant(vec![doc_attribute(&wire)], variant));
    let catch_all = std::mem::take(&mut listed.variants);
    listed.variants = tree::terminated(values.chain(catch_all));
    let as_str = e.variants.iter().zip(&variants).map(|(v, variant)| {
        let pattern = syn::Pat::Path(tree::self_variant(variant));
        tree::arm(Vec::new(), pattern, tree::string(&v.wire))
    });
    let arms = items
        .get_mut(1)
        .and_then(tree::first_match_arms)
        .ok_or_else(missing)?;
    arms.splice(0..0, as_str);
    if !e.variants.is_empty() {
        let from = e.variants.iter().zip(&variants).map(|(v, variant)| {
            let value = syn::Expr::Path(tree::self_variant(variant));
            tree::string_arm(Vec::new(), &v.wire, value)
        });
        let arms = items
            .get_mut(2)
            .and_then(tree::first_match_arms)
            .ok_or_else(missing)?;
        arms.splice(0..0, from);
    }
    Ok(items)
}

/// A union. A variant that is a link compiling with features of its own is left out without
/// them; the union then has one more variant, which keeps such a value as JSON, and is
/// `#[non_exhaustive]`, so that turning a feature on adds the variant without breaking a match.
fn union(
    api: &Api,
    def: &TypeDef,
    u: &Union,
    links: Links,
    docs: TokenStream,
    deprecated: Option<TokenStream>,
) -> TokenStream {
    let name = ident(&def.name);
    let Std { boxed, result, .. } = Std::of(api);
    let payload = |v: &crate::ir::UnionVariant| super::variant_ty(api, v);
    let link = |i: usize| link_gate(links, Holding::Variant(i));
    let other = (!links.is_empty()).then(|| other_variant(u, links));
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let variant = ident(&v.name);
            let payload = payload(v);
            let doc = match (&u.tag, &v.tag_value) {
                (Some(tag), Some(value)) => format!(" `{tag}` is `{value}`."),
                _ => String::new(),
            };
            let doc = (!doc.is_empty()).then(|| quote!(#[doc = #doc]));
            let cfg = link(i).map(features::cfg);
            quote! {
                #doc
                #cfg
                #variant(#payload),
            }
        })
        .chain(other.iter().map(|(variant, doc)| {
            quote! {
                #[doc = #doc]
                #variant(::serde_json::Value),
            }
        }))
        .collect();
    let non_exhaustive = other.is_some().then(|| quote!(#[non_exhaustive]));
    let other = other.map(|(variant, _)| variant);
    let Some(tag) = &u.tag else {
        let parts = UnionParts {
            docs,
            deprecated,
            non_exhaustive,
            variants,
            other,
        };
        return untagged(api, def, u, links, parts);
    };

    let tags: Vec<&str> = u
        .variants
        .iter()
        .filter_map(|v| v.tag_value.as_deref())
        .collect();
    let decode_arms = u.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.name);
        let wire = v.tag_value.as_deref().unwrap_or_default();
        let wrap = if v.boxed {
            quote!(|value| Self::#variant(#boxed::new(value)))
        } else {
            quote!(Self::#variant)
        };
        let arm = quote!(#wire => crate::runtime::tagged_variant::<D, _, _>(value, #wrap),);
        match (link(i), &other) {
            (Some(features), Some(other)) => {
                let cfg = features::cfg(features);
                let cfg_not = features::cfg_not(features);
                quote! {
                    #cfg
                    #arm
                    #cfg_not
                    #wire => #result::Ok(Self::#other(value)),
                }
            }
            _ => arm,
        }
    });
    let encode_arms = u
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let variant = ident(&v.name);
            let wire = v.tag_value.as_deref().unwrap_or_default();
            let cfg = link(i).map(features::cfg);
            quote! {
                #cfg
                Self::#variant(value) => crate::runtime::write_tagged(serializer, #tag, #wire, value),
            }
        })
        .chain(other.iter().map(|other| {
            quote!(Self::#other(value) => ::serde::Serialize::serialize(value, serializer),)
        }));
    let deserialize_impl = def.deserialize.then(|| {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> #result<Self, D::Error> {
                    let (tag, value) = crate::runtime::read_tagged(deserializer, #tag)?;
                    match tag.as_str() {
                        #(#decode_arms)*
                        _ => Err(<D::Error as ::serde::de::Error>::unknown_variant(
                            &tag,
                            &[#(#tags),*],
                        )),
                    }
                }
            }
        }
    });
    let serialize_impl = def.serialize.then(|| {
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> #result<S::Ok, S::Error> {
                    match self {
                        #(#encode_arms)*
                    }
                }
            }
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #non_exhaustive
        pub enum #name {
            #(#variants)*
        }

        #deserialize_impl
        #serialize_impl
    }
}

/// The name and doc of the variant that keeps, as JSON, a value of a variant its features
/// leave out: `Other`, or the first of `OtherValue`, `Other2`, ... that no variant has.
fn other_variant(u: &Union, links: Links) -> (syn::Ident, String) {
    let taken = |name: &str| u.variants.iter().any(|v| v.name == name);
    let name = ["Other".to_owned(), "OtherValue".to_owned()]
        .into_iter()
        .chain((2..).map(|n| format!("Other{n}")))
        .find(|name| !taken(name))
        .unwrap_or_default();
    let left_out: Vec<String> = links
        .iter()
        .filter_map(|(at, features)| match at {
            Holding::Variant(i) => Some(format!(
                "`{}` without {}",
                u.variants[*i].name,
                features::named(features)
            )),
            _ => None,
        })
        .collect();
    let doc = format!(
        " A value of a variant this build leaves out ({}), as received.",
        left_out.join("; ")
    );
    (ident(&name), doc)
}

/// What `union` made of a union, for `untagged` to finish.
struct UnionParts {
    docs: TokenStream,
    deprecated: Option<TokenStream>,
    non_exhaustive: Option<TokenStream>,
    variants: Vec<TokenStream>,
    other: Option<syn::Ident>,
}

/// An untagged union. It serialises as its variant does; it deserialises through the runtime,
/// which tries first the variants that declare the most of the object's keys, so that an
/// object is not taken by a variant whose properties are all optional and match anything. A
/// variant its features leave out is tried as one that takes any value of its kind, as JSON.
fn untagged(api: &Api, def: &TypeDef, u: &Union, links: Links, parts: UnionParts) -> TokenStream {
    let UnionParts {
        docs,
        deprecated,
        non_exhaustive,
        variants,
        other,
    } = parts;
    let name = ident(&def.name);
    let Std { boxed, result, .. } = Std::of(api);
    // `#[serde(untagged)]` belongs to the derived `Serialize`, so it goes only with it.
    let serialize = def
        .serialize
        .then(|| quote!(#[derive(::serde::Serialize)] #[serde(untagged)]));
    let deserialize = def.deserialize.then(|| {
        let mut readers = Vec::new();
        let candidates: Vec<TokenStream> = u
            .variants
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let variant = ident(&v.name);
                let keys: Vec<&str> = match &v.ty {
                    Ty::Named(id) => match &api.ty(*id).kind {
                        TypeKind::Struct(s) => {
                            s.fields.iter().map(|f| f.wire_name.as_str()).collect()
                        }
                        _ => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                // A reader fn nested in `deserialize` cannot say `Self`.
                let read = |owner: &TokenStream| {
                    let wrap = if v.boxed {
                        quote!(|value| #owner::#variant(#boxed::new(value)))
                    } else {
                        quote!(#owner::#variant)
                    };
                    quote!(::serde_json::from_value(value).map(#wrap))
                };
                match (link_gate(links, Holding::Variant(i)), &other) {
                    (Some(features), Some(other)) => {
                        let reader = quote::format_ident!("read_{}", i);
                        let read_named = read(&quote!(#name));
                        let cfg = features::cfg(features);
                        let cfg_not = features::cfg_not(features);
                        readers.push(quote! {
                            #cfg
                            fn #reader(
                                value: ::serde_json::Value,
                            ) -> #result<#name, ::serde_json::Error> {
                                #read_named
                            }
                            #cfg_not
                            fn #reader(
                                value: ::serde_json::Value,
                            ) -> #result<#name, ::serde_json::Error> {
                                #result::Ok(#name::#other(value))
                            }
                        });
                        quote!((&[#(#keys),*], #reader))
                    }
                    _ => {
                        let read = read(&quote!(Self));
                        quote!((&[#(#keys),*], |value| #read))
                    }
                }
            })
            .collect();
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> #result<Self, D::Error> {
                    #(#readers)*
                    crate::runtime::read_untagged(deserializer, &[#(#candidates),*])
                }
            }
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq)]
        #non_exhaustive
        #serialize
        pub enum #name {
            #(#variants)*
        }

        #deserialize
    }
}
