//! How `models.rs` and `operations.rs` of an API with groups are written as several files: an
//! item that compiles with exactly one group's feature goes in that group's file
//! (`models/customers.rs`), a module the main file declares and re-exports behind the feature.
//! A crate built with some groups then never reads the other groups' files, where one file
//! gated item by item made rustc read and strip the whole API for any group. Paths stay as
//! they were (`models::Customer`). Items of several groups, or of none, stay in the main file,
//! each with its `#[cfg]`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Items, SourceFile, docs, features, ident, syntax};

/// Emits item `i` of a file (a type, an operation), without its `#[cfg]`.
pub(crate) type Emit<'a> = Arc<dyn Fn(usize) -> Result<Vec<syn::Item>, String> + Send + Sync + 'a>;

/// The file of one group: the group's name and its module's.
pub(crate) struct GroupModule {
    pub group: String,
    pub module: String,
}

/// One file of an API module: its path inside the module's folder, and its syntax.
pub(crate) struct ModuleFile<'a> {
    pub path: String,
    pub file: SourceFile<'a>,
}

/// What one file (`models` or `operations`) is written from.
pub(crate) struct GatedItems<'a> {
    /// The module's name, which is also its file's stem.
    pub name: &'static str,
    /// What the main file starts with: inner attributes and imports.
    pub preamble: TokenStream,
    /// The first words of a group's file's doc, given the group's name ("The types that only
    /// the group `a` uses"), which go on to say which module re-exports them.
    pub holds: fn(&str) -> String,
    /// The features that compile each item (see `features::Gates`).
    pub gates: Vec<Vec<String>>,
    pub emit: Emit<'a>,
}

/// The main file and one file per group that has items of its own. `modules` names the module
/// of each group's feature (see [`group_modules`]).
pub(crate) fn files<'a>(
    gated: GatedItems<'a>,
    modules: &BTreeMap<String, GroupModule>,
) -> Result<Vec<ModuleFile<'a>>, String> {
    let GatedItems {
        name,
        preamble,
        holds,
        gates,
        emit,
    } = gated;
    // Each item with the `#[cfg]` it needs in its file: in a group's file, none.
    let mut main = Vec::new();
    let mut own: BTreeMap<String, Vec<(usize, Vec<String>)>> = BTreeMap::new();
    for (i, gate) in gates.into_iter().enumerate() {
        let group = match gate.as_slice() {
            [feature] if modules.contains_key(feature) => Some(feature.clone()),
            _ => None,
        };
        match group {
            Some(feature) => own.entry(feature).or_default().push((i, Vec::new())),
            None => main.push((i, gate)),
        }
    }
    let mut declarations = TokenStream::new();
    let mut group_files = Vec::new();
    for (feature, entries) in own {
        let GroupModule { group, module } = &modules[&feature];
        let path = format!("{name}/{module}.rs");
        let module = ident(module);
        let cfg = features::cfg(std::slice::from_ref(&feature));
        declarations.extend(quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::*;
        });
        let holds = format!("{}, re-exported by `{name}`.", holds(group));
        let compiled = format!("Compiled with the feature `{feature}`.");
        let doc = docs::inner_doc_attrs([Some(holds.as_str()), Some(compiled.as_str())]);
        group_files.push(ModuleFile {
            path,
            file: SourceFile {
                preamble: syntax(quote! {
                    #doc
                    #[allow(unused_imports)]
                    use super::*;
                })?,
                items: Some(items(entries, emit.clone())),
            },
        });
    }
    let mut all = vec![ModuleFile {
        path: format!("{name}.rs"),
        file: SourceFile {
            preamble: syntax(quote!(#preamble #declarations))?,
            items: Some(items(main, emit)),
        },
    }];
    all.extend(group_files);
    Ok(all)
}

/// A file's items: each item's index, with the features its `#[cfg]` names (none for none).
fn items(entries: Vec<(usize, Vec<String>)>, emit: Emit<'_>) -> Items<'_> {
    Items {
        count: entries.len(),
        emit: Box::new(move |k| {
            let (i, gate) = &entries[k];
            let mut items = emit(*i)?;
            features::gate(&mut items, gate)?;
            Ok(items)
        }),
    }
}

/// The module of each group's file, by the group's feature (`features` maps group names to
/// features): the group's name in snake case (`apple-pay` gives `apple_pay`), with `group_` in
/// front where that is not a plain identifier or is a name the modules already use, and `_`
/// after it while another group has taken that name.
pub(crate) fn group_modules(features: &BTreeMap<String, String>) -> BTreeMap<String, GroupModule> {
    let mut taken: BTreeSet<String> = ["models", "operations", "runtime", "client"]
        .map(str::to_owned)
        .into();
    features
        .iter()
        .map(|(group, feature)| {
            let snake = group.replace('-', "_");
            let mut module =
                if crate::naming::is_plain_identifier(&snake) && !taken.contains(&snake) {
                    snake
                } else {
                    format!("group_{snake}")
                };
            while taken.contains(&module) {
                module.push('_');
            }
            taken.insert(module.clone());
            let group = group.clone();
            (feature.clone(), GroupModule { group, module })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_module_is_its_name_in_snake_case_unless_that_is_no_plain_free_identifier() {
        let features: BTreeMap<String, String> = [
            ("apple-pay", "apple-pay"),
            ("3d-secure", "3d-secure"),
            ("type", "type"),
            ("models", "models"),
            ("group-models", "group-models-ops"),
        ]
        .map(|(group, feature)| (group.to_owned(), feature.to_owned()))
        .into();
        let modules = group_modules(&features);
        let found: Vec<(&str, &str, &str)> = modules
            .iter()
            .map(|(feature, m)| (feature.as_str(), m.group.as_str(), m.module.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("3d-secure", "3d-secure", "group_3d_secure"),
                ("apple-pay", "apple-pay", "apple_pay"),
                ("group-models-ops", "group-models", "group_models"),
                ("models", "models", "group_models_"),
                ("type", "type", "group_type"),
            ]
        );
    }
}
