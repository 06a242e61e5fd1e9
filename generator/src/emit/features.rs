//! Which Cargo features compile each operation and each type of a grouped API: an operation
//! compiles with its group's feature, and a type with the feature of every group whose
//! operations reach it, so a crate built with one group compiles that group's operations and
//! exactly the types they use. Types every group reaches, and types no operation reaches (a
//! webhook's payload, a schema only listed), compile with the module, and so does everything
//! they hold. Reaching stops at links to other groups' types (see [`crate::ir::Links`]): a
//! link compiles with the features of the type it names.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Holding, Links, TypeId};

/// The features that compile each operation and each type: any one of them does; an empty
/// list is no condition.
pub(crate) struct Gates {
    pub operations: Vec<Vec<String>>,
    pub types: TypeGates,
}

/// The features of each type, and of those of its links that compile with fewer.
pub(crate) struct TypeGates {
    pub own: Vec<Vec<String>>,
    /// For each type, its links that do not compile whenever it does: where, and the features
    /// of the type the link names.
    pub links: Vec<Vec<(Holding, Vec<String>)>>,
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
            return Self::none(api);
        }
        let links = api.links();
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
            for at in closure(api, &links, shared, Api::operation_types(op)) {
                types[at].extend(gate.iter().cloned());
            }
        }
        for at in closure(api, &links, shared, client_seeds) {
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
        for at in closure(api, &links, shared, always) {
            types[at].clear();
        }
        let link_gates = (0..types.len())
            .map(|at| link_gates(api, &links, &types, TypeId(at)))
            .collect();
        Self {
            operations,
            types: TypeGates {
                own: types
                    .into_iter()
                    .map(|set| set.into_iter().collect())
                    .collect(),
                links: link_gates,
            },
        }
    }

    /// No gates: every item compiles with the module.
    pub fn none(api: &Api) -> Self {
        Self {
            operations: vec![Vec::new(); api.operations.len()],
            types: TypeGates {
                own: vec![Vec::new(); api.types.len()],
                links: vec![Vec::new(); api.types.len()],
            },
        }
    }
}

/// The features of a link of one type at `holding`, among `links` (that type's entry of
/// [`TypeGates::links`]), when it needs some of its own.
pub(crate) fn link_gate(links: &[(Holding, Vec<String>)], holding: Holding) -> Option<&[String]> {
    links
        .iter()
        .find(|(place, _)| *place == holding)
        .map(|(_, features)| features.as_slice())
}

/// The links of `id` that need a gate of their own: those whose type does not compile whenever
/// `id` does. A type always compiled needs none; one that compiles with every feature of `id`
/// (or more) needs none either.
fn link_gates(
    api: &Api,
    links: &Links,
    types: &[BTreeSet<String>],
    id: TypeId,
) -> Vec<(Holding, Vec<String>)> {
    let holder = api.ty(id);
    let own = &types[id.0];
    holder
        .kind
        .holdings()
        .into_iter()
        .filter(|(at, held)| links.is_link(holder, *at, held))
        .filter_map(|(at, held)| {
            let gate = &types[held.named()?.0];
            let implied = gate.is_empty() || (!own.is_empty() && own.is_subset(gate));
            (!implied).then(|| (at, gate.iter().cloned().collect()))
        })
        .collect()
}

/// The `#[cfg]` attribute of an item that any of `features` compiles; nothing for none.
pub(crate) fn cfg(features: &[String]) -> TokenStream {
    if features.is_empty() {
        return TokenStream::new();
    }
    let predicate = predicate(features);
    quote!(#[cfg(#predicate)])
}

/// The `#[cfg]` attribute of what compiles when none of `features` (at least one) is on.
pub(crate) fn cfg_not(features: &[String]) -> TokenStream {
    let predicate = predicate(features);
    quote!(#[cfg(not(#predicate))])
}

/// `feature = "a"`, or `any(feature = "a", feature = "b")`.
fn predicate(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(feature = #one),
        several => quote!(any(#(feature = #several),*)),
    }
}

/// The features, as a doc comment says which compile a link: "the feature `a`" or "one of the
/// features `a`, `b`".
pub(crate) fn named(features: &[String]) -> String {
    let list: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    match list.as_slice() {
        [one] => format!("the feature {one}"),
        several => format!("one of the features {}", several.join(", ")),
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

/// The types `seeds` reach, themselves included: through what each holds but links, and through
/// the type each is written as.
fn closure(api: &Api, links: &Links, shared: &[Option<usize>], seeds: Vec<TypeId>) -> Vec<usize> {
    let reached = api.reach(seeds, links, |id| shared[id.0].map(TypeId));
    reached.into_iter().map(|id| id.0).collect()
}
