//! Which Cargo features compile each operation and each type of a grouped API: an operation
//! compiles with its group's feature, and a type with the feature of every group whose
//! operations reach it, so a crate built with one group compiles that group's operations and
//! exactly the types they use. Types every group reaches, and types no operation reaches (a
//! webhook's payload, a schema only listed), compile with the module, and so does everything
//! they hold.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, TypeId};

/// The features that compile each operation and each type: any one of them does; an empty
/// list is no condition.
pub(crate) struct Gates {
    pub operations: Vec<Vec<String>>,
    pub types: Vec<Vec<String>>,
}

/// What the client's own code names: the operations and types of its login and refresh, which
/// compile with the `client` feature as well as with their group.
const CLIENT: &str = "client";

impl Gates {
    /// Gates for `api`, whose groups are the features `features` names (group name to feature
    /// name); no gates at all when it names none. `shared` is what each type is written as
    /// (`sharing::shared_types`): a type written as another needs that one.
    pub fn of(api: &Api, shared: &[Option<usize>], features: &BTreeMap<String, String>) -> Self {
        let mut operations: Vec<Vec<String>> = api
            .operations
            .iter()
            .map(|op| {
                op.group
                    .as_ref()
                    .and_then(|group| features.get(group))
                    .into_iter()
                    .cloned()
                    .collect()
            })
            .collect();
        let mut types: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
        if operations.iter().all(Vec::is_empty) {
            return Self {
                operations,
                types: vec![Vec::new(); api.types.len()],
            };
        }
        let mut client_seeds = Vec::new();
        if let Some(auth) = &api.auth {
            let mut client_ops = vec![auth.login];
            client_seeds.push(auth.credentials);
            if let Some(refresh) = &auth.refresh {
                client_ops.push(refresh.operation);
                client_seeds.push(refresh.body);
            }
            for op in client_ops {
                if !operations[op].is_empty() && !operations[op].iter().any(|f| f == CLIENT) {
                    operations[op].push(CLIENT.to_owned());
                    operations[op].sort();
                }
            }
        }
        for (op, gate) in api.operations.iter().zip(&operations) {
            for at in closure(api, shared, Api::operation_types(op)) {
                types[at].extend(gate.iter().cloned());
            }
        }
        for at in closure(api, shared, client_seeds) {
            types[at].insert(CLIENT.to_owned());
        }
        // Types that compile with the module whatever group is on, and what they hold.
        let groups: BTreeSet<&String> = features.values().collect();
        let always: Vec<TypeId> = (0..types.len())
            .filter(|&at| {
                types[at].is_empty() || groups.iter().all(|feature| types[at].contains(*feature))
            })
            .map(TypeId)
            .collect();
        for at in closure(api, shared, always) {
            types[at].clear();
        }
        Self {
            operations,
            types: types
                .into_iter()
                .map(|set| set.into_iter().collect())
                .collect(),
        }
    }

    /// No gates: every item compiles with the module.
    pub fn none(api: &Api) -> Self {
        Self {
            operations: vec![Vec::new(); api.operations.len()],
            types: vec![Vec::new(); api.types.len()],
        }
    }
}

/// The `#[cfg]` attribute of an item that any of `features` compiles; nothing for none.
pub(crate) fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        several => quote!(#[cfg(any(#(feature = #several),*))]),
    }
}

/// Adds `cfg` to each of `items`.
pub(crate) fn gate(items: &mut [syn::Item], features: &[String]) -> Result<(), String> {
    if features.is_empty() {
        return Ok(());
    }
    for item in items {
        let attrs = syn::parse::Parser::parse2(syn::Attribute::parse_outer, cfg(features))
            .map_err(|e| format!("internal error: a cfg attribute does not parse: {e}"))?;
        let own = match item {
            syn::Item::Struct(item) => &mut item.attrs,
            syn::Item::Enum(item) => &mut item.attrs,
            syn::Item::Impl(item) => &mut item.attrs,
            syn::Item::Type(item) => &mut item.attrs,
            syn::Item::Macro(item) => &mut item.attrs,
            syn::Item::Fn(item) => &mut item.attrs,
            syn::Item::Const(item) => &mut item.attrs,
            syn::Item::Mod(item) => &mut item.attrs,
            syn::Item::Trait(item) => &mut item.attrs,
            other => {
                return Err(format!(
                    "internal error: no way to gate the item `{}`",
                    quote!(#other)
                ));
            }
        };
        own.splice(0..0, attrs);
    }
    Ok(())
}

/// The types `seeds` reach, themselves included: through what each holds and through the type
/// each is written as.
fn closure(api: &Api, shared: &[Option<usize>], seeds: Vec<TypeId>) -> Vec<usize> {
    let reached = api.reach(seeds, |id| shared[id.0].map(TypeId));
    reached.into_iter().map(|id| id.0).collect()
}
