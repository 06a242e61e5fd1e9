//! How a struct is read from a JSON object and written as one. A received struct gets a
//! `FromObject`, which reads each property into its field by wire name, and the runtime's
//! `from_object!`, its `Deserialize` through that; a sent struct gets a `Serialize` that hands
//! each field to the runtime's `ObjectWriter`. Written out instead of serde's derives, which
//! make several times as much code for the compiler to check (a field enum and its visitor, a
//! visitor that also reads an array; a return after each field written).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, Std, ident, parsed, syntax, tree, ty};
use crate::ir::{Api, Struct, Ty, TypeDef};
use crate::rust_type;

/// The attributes of each field of a struct: the `#[cfg]` it compiles with, none when always.
pub(super) type FieldCfgs = [Vec<syn::Attribute>];

/// Whether the struct has fields and each compiles with a feature of its own (a link): with
/// none of them on, nothing of it is left to read or write.
fn every_field_a_link(s: &Struct, cfgs: &FieldCfgs) -> bool {
    !s.fields.is_empty() && cfgs.iter().all(|cfg| !cfg.is_empty())
}

/// The `FromObject` impl and the `from_object!` call of the struct `def`, whose fields compile
/// with `cfgs`. Its signature is parsed; its body,
/// a few lines per field, is built as a tree (`tree`), which is much quicker than parsing it.
pub(super) fn read_items(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    cfgs: &FieldCfgs,
) -> Result<Vec<syn::Item>, String> {
    let name = ident(&def.name);
    let Std { result, .. } = Std::of(api);
    let taken: Vec<&str> = s
        .fields
        .iter()
        .map(|f| crate::naming::bare(&f.name))
        .chain(s.additional.iter().map(|_| s.additional_name.as_str()))
        .collect();
    let map = ident(&fresh("map", &taken));
    let key = ident(&fresh("key", &taken));
    // With every field's feature off, the match keeps its last arm only.
    let allow = every_field_a_link(s, cfgs).then(|| quote!(#[allow(clippy::match_single_binding)]));
    let mut items = syntax(quote! {
        impl crate::runtime::FromObject for #name {
            #allow
            fn from_object<'de, A: ::serde::de::MapAccess<'de>>(
                mut #map: crate::runtime::Object<'de, A>,
            ) -> #result<Self, A::Error> {}
        }

        from_object!(#name);
    })?
    .items;
    let body = body(api, s, cfgs, &map, &key, &result)?;
    set_body(&mut items, body)?;
    Ok(items)
}

/// Makes `stmts` the body of the first function of the impl that `items` start with.
fn set_body(items: &mut [syn::Item], stmts: Vec<syn::Stmt>) -> Result<(), String> {
    match items.first_mut() {
        Some(syn::Item::Impl(block)) => match block.items.first_mut() {
            Some(syn::ImplItem::Fn(function)) => {
                function.block.stmts = stmts;
                Ok(())
            }
            _ => Err("internal error: an emitted impl has no function first".to_owned()),
        },
        _ => Err("internal error: an emitted item is not an impl".to_owned()),
    }
}

/// The body of `from_object`: a slot per field, a loop over the keys that reads each into its
/// slot, and the struct made of the slots.
fn body(
    api: &Api,
    s: &Struct,
    cfgs: &FieldCfgs,
    map: &syn::Ident,
    key: &syn::Ident,
    result: &TokenStream,
) -> Result<Vec<syn::Stmt>, String> {
    let mut stmts = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    let naming = Scope::Models.naming(api);
    for (field, cfg) in s.fields.iter().zip(cfgs) {
        let rust = ident(&field.name);
        let wire = field.wire_name.as_str();
        // The slot's type is written out: left to inference, each field's read waits for the
        // struct at the end, and checking the function takes several times as long.
        let field_ty = rust_type::field_type(api, field, naming);
        let slot_ty = match field.explicit_null {
            true => field_ty,
            false => rust_type::option(naming, field_ty),
        };
        stmts.push(tree::let_mut(
            cfg.clone(),
            &rust,
            Some(tree::rust_type(&slot_ty)),
            tree::path_expr(&["None"]),
        ));
        // A field that keeps "left out" and `null` apart is its slot: `None` until read.
        let (read, init) = if field.explicit_null {
            ("present_field", tree::var(&rust))
        } else if field.optional() {
            (
                "field",
                tree::method(tree::var(&rust), "unwrap_or_default", []),
            )
        } else {
            let required = tree::path_expr(&["crate", "runtime", "required"]);
            let init = tree::call(required, [tree::var(&rust), tree::string(wire)]);
            ("field", tree::try_(init))
        };
        let slot = tree::borrow_mut(tree::var(&rust));
        let read = tree::method(tree::var(map), read, [slot, tree::string(wire)]);
        arms.push(tree::string_arm(cfg.clone(), wire, read));
        inits.push(tree::field_value(cfg.clone(), &rust, Some(init)));
    }
    let other = match &s.additional {
        Some(value) => {
            let extra = ident(&s.additional_name);
            let map_ty = ty(api, &Ty::Map(Box::new(value.clone())), Scope::Models);
            stmts.push(parsed(
                quote!(let mut #extra: #map_ty = ::std::default::Default::default();),
            )?);
            inits.push(tree::field_value(Vec::new(), &extra, None));
            let slot = tree::borrow_mut(tree::var(&extra));
            tree::method(tree::var(map), "extra", [slot, tree::var(key)])
        }
        None => tree::method(tree::var(map), "skip_value", []),
    };
    if s.fields.is_empty() && s.additional.is_none() {
        stmts.push(parsed(quote! {
            while #map.next_key()?.is_some() {
                #map.skip_value()?;
            }
        })?);
    } else {
        arms.push(tree::wild_arm(other));
        let as_str = tree::method(tree::var(key), "as_str", []);
        let next = tree::try_(tree::method(tree::var(map), "next_key", []));
        // One `?` for the match, not one per arm: each is a way out of the function that drops
        // every slot, which makes the borrow checker's work grow with the square of the fields.
        let read = tree::try_match_stmt(as_str, arms);
        stmts.push(tree::while_some(key, next, vec![read]));
    }
    let ok = tree::path_value(parsed(quote!(#result::Ok))?);
    let value = tree::struct_expr(tree::path(&["Self"]), inits);
    stmts.push(syn::Stmt::Expr(tree::call(ok, [value]), None));
    Ok(stmts)
}

/// The `Serialize` impl of the sent struct `def`: each field in order (left out when optional
/// and `None`), then its extra properties; its fields compile with `cfgs`.
pub(super) fn write_items(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    cfgs: &FieldCfgs,
) -> Result<Vec<syn::Item>, String> {
    let name = ident(&def.name);
    let Std { result, .. } = Std::of(api);
    let mut items = syntax(quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> #result<S::Ok, S::Error> {}
        }
    })?
    .items;
    let object = ident("object");
    let new = tree::path_expr(&["crate", "runtime", "ObjectWriter", "new"]);
    let started = tree::try_(tree::call(new, [tree::path_expr(&["serializer"])]));
    // An object with nothing to write is ended as it is started: `mut` would be unused, as it
    // is when every field is a link and no feature is on.
    let start = if s.fields.is_empty() && s.additional.is_none() {
        tree::let_(&object, started)
    } else if s.additional.is_none() && every_field_a_link(s, cfgs) {
        let allow = tree::attributes(&quote!(#[allow(unused_mut)]))?;
        tree::let_mut(allow, &object, None, started)
    } else {
        tree::let_mut(Vec::new(), &object, None, started)
    };
    let mut stmts = vec![start];
    for (field, cfg) in s.fields.iter().zip(cfgs) {
        let method = if field.required { "field" } else { "optional" };
        let wire = tree::string(&field.wire_name);
        let value = tree::borrow(tree::self_field(&ident(&field.name)));
        stmts.push(tree::method_stmt(
            cfg.clone(),
            tree::var(&object),
            method,
            [wire, value],
        ));
    }
    if s.additional.is_some() {
        let extra = tree::borrow(tree::self_field(&ident(&s.additional_name)));
        stmts.push(tree::method_stmt(
            Vec::new(),
            tree::var(&object),
            "extra",
            [extra],
        ));
    }
    let end = tree::method(tree::var(&object), "end", []);
    stmts.push(syn::Stmt::Expr(end, None));
    set_body(&mut items, stmts)?;
    Ok(items)
}

/// `base`, or the first of `base_2`, `base_3`, ... that is not in `taken`.
fn fresh(base: &str, taken: &[&str]) -> String {
    std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}_{n}")))
        .find(|name| !taken.contains(&name.as_str()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::fresh;

    #[test]
    fn a_name_a_field_has_is_not_taken_again() {
        assert_eq!(fresh("map", &["name", "key"]), "map");
        assert_eq!(fresh("map", &["map", "map_2", "key"]), "map_3");
    }
}
