//! How a received struct is read from a JSON object: its `FromObject`, which reads each property
//! into its field by wire name, and the runtime's `from_object!`, its `Deserialize` through that.
//! Written out instead of serde's derive, which makes several times as much code for the
//! compiler to check (a field enum and its visitor, a visitor that also reads an array).

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, Std, ident, ty};
use crate::ir::{Api, Struct, Ty, TypeDef};

/// The `FromObject` impl and the `from_object!` call of the struct `def`. `cfgs` holds, for each field,
/// the `#[cfg]` it compiles with (empty when always).
pub(super) fn read_impls(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    cfgs: &[TokenStream],
) -> TokenStream {
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

    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    for (field, cfg) in s.fields.iter().zip(cfgs) {
        let rust = ident(&field.name);
        let wire = &field.wire_name;
        locals.push(quote!(#cfg let mut #rust = None;));
        // A field that keeps "left out" and `null` apart is its slot: `None` until read.
        let (read, init) = if field.explicit_null {
            (quote!(present_field), quote!(#rust))
        } else if field.optional() {
            (quote!(field), quote!(#rust.unwrap_or_default()))
        } else {
            (
                quote!(field),
                quote!(crate::runtime::required(#rust, #wire)?),
            )
        };
        arms.push(quote!(#cfg #wire => #map.#read(&mut #rust, #wire)?,));
        inits.push(quote!(#cfg #rust: #init,));
    }
    let other = match &s.additional {
        Some(value) => {
            let extra = ident(&s.additional_name);
            let map_ty = ty(api, &Ty::Map(Box::new(value.clone())), Scope::Models);
            locals.push(quote!(let mut #extra: #map_ty = ::std::default::Default::default();));
            inits.push(quote!(#extra,));
            quote!(_ => #map.extra(&mut #extra, #key)?,)
        }
        None => quote!(_ => #map.skip_value()?,),
    };
    let read_keys = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while #map.next_key()?.is_some() {
                #map.skip_value()?;
            }
        }
    } else {
        quote! {
            while let Some(#key) = #map.next_key()? {
                match #key.as_str() {
                    #(#arms)*
                    #other
                }
            }
        }
    };
    // With every field's feature off, the match keeps its last arm only.
    let all_gated = !s.fields.is_empty() && cfgs.iter().all(|cfg| !cfg.is_empty());
    let allow = all_gated.then(|| quote!(#[allow(clippy::match_single_binding)]));
    quote! {
        impl crate::runtime::FromObject for #name {
            #allow
            fn from_object<'de, A: ::serde::de::MapAccess<'de>>(
                mut #map: crate::runtime::Object<'de, A>,
            ) -> #result<Self, A::Error> {
                #(#locals)*
                #read_keys
                #result::Ok(Self {
                    #(#inits)*
                })
            }
        }

        from_object!(#name);
    }
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
