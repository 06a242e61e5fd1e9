//! How a received struct is read from a JSON object: its `FromObject`, which reads each property
//! into its field by wire name, and the runtime's `from_object!`, its `Deserialize` through that.
//! Written out instead of serde's derive, which makes several times as much code for the
//! compiler to check (a field enum and its visitor, a visitor that also reads an array).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, Std, ident, parsed, syntax, tree, ty};
use crate::ir::{Api, Struct, Ty, TypeDef};

/// The `FromObject` impl and the `from_object!` call of the struct `def`. `cfgs` holds, for each
/// field, the `#[cfg]` it compiles with (empty when always). Its signature is parsed; its body,
/// a few lines per field, is built as a tree (`tree`), which is much quicker than parsing it.
pub(super) fn read_items(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    cfgs: &[TokenStream],
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
    let all_gated = !s.fields.is_empty() && cfgs.iter().all(|cfg| !cfg.is_empty());
    let allow = all_gated.then(|| quote!(#[allow(clippy::match_single_binding)]));
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
    match items.first_mut() {
        Some(syn::Item::Impl(read)) => match read.items.first_mut() {
            Some(syn::ImplItem::Fn(function)) => function.block.stmts = body,
            _ => return Err("internal error: `from_object` is not a function".to_owned()),
        },
        _ => return Err("internal error: `FromObject` is not an impl".to_owned()),
    }
    Ok(items)
}

/// The body of `from_object`: a slot per field, a loop over the keys that reads each into its
/// slot, and the struct made of the slots.
fn body(
    api: &Api,
    s: &Struct,
    cfgs: &[TokenStream],
    map: &syn::Ident,
    key: &syn::Ident,
    result: &TokenStream,
) -> Result<Vec<syn::Stmt>, String> {
    let mut stmts = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (field, cfg) in s.fields.iter().zip(cfgs) {
        let cfg = tree::attributes(cfg)?;
        let rust = ident(&field.name);
        let wire = field.wire_name.as_str();
        stmts.push(tree::let_mut(
            cfg.clone(),
            &rust,
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
        arms.push(tree::string_arm(cfg.clone(), wire, tree::try_(read)));
        inits.push(tree::field_value(cfg, &rust, Some(init)));
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
        arms.push(tree::wild_arm(tree::try_(other)));
        let as_str = tree::method(tree::var(key), "as_str", []);
        let next = tree::try_(tree::method(tree::var(map), "next_key", []));
        let read = tree::match_stmt(as_str, arms);
        stmts.push(tree::while_some(key, next, vec![read]));
    }
    let ok = tree::path_value(parsed(quote!(#result::Ok))?);
    let value = tree::struct_expr(tree::path(&["Self"]), inits);
    stmts.push(syn::Stmt::Expr(tree::call(ok, [value]), None));
    Ok(stmts)
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
