//! Which types are written as another: specs repeat an inline schema wherever a property takes
//! it (Stripe lists its 300 merchant categories in 12 places, the enum `list` in 113, an address
//! object in most request bodies). A type that would be written exactly as another, apart from
//! its name and its own doc comment, is written as `pub type Name = Other;`, so that the
//! compiler checks its derives, matches and serde impls once. The IR keeps every type as the
//! spec has it: the surface listing and the diff are not affected.

use std::collections::HashMap;

use crate::ir::{Api, Ty, TypeDef, TypeKind};

/// For each type of `api`, the type it is written as, when another is the same: of the types
/// that are the same, one is written out and the others name it: a schema the spec names
/// before an inline one, then the shortest name, then the first. Types holding types that are
/// the same are the same too.
pub(super) fn shared_types(api: &Api) -> Vec<Option<usize>> {
    // What each type is apart from the types it holds is read once: its shape, numbered, and
    // the types it holds, in order. A round compares shapes and what the held types are
    // written as then.
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let shapes: Vec<Option<(usize, Vec<usize>)>> = api
        .types
        .iter()
        .map(|def| {
            let (text, held) = shape(def)?;
            let next = numbers.len();
            Some((*numbers.entry(text).or_insert(next), held))
        })
        .collect();
    let mut chosen: Vec<usize> = (0..api.types.len()).collect();
    // Each round merges types whose contents became the same when the types they hold were
    // merged in the round before; the rounds are as many as the nesting is deep.
    loop {
        let keys: Vec<Option<(usize, Vec<usize>)>> = shapes
            .iter()
            .map(|shape| {
                let (number, held) = shape.as_ref()?;
                Some((*number, held.iter().map(|&at| chosen[at]).collect()))
            })
            .collect();
        let mut first: HashMap<&(usize, Vec<usize>), usize> = HashMap::new();
        for (i, key) in keys.iter().enumerate() {
            let Some(key) = key else { continue };
            let at = first.entry(key).or_insert(i);
            if rank(&api.types[i]) < rank(&api.types[*at]) {
                *at = i;
            }
        }
        let next: Vec<usize> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| key.as_ref().map_or(i, |key| first[key]))
            .collect();
        if next == chosen {
            break;
        }
        chosen = next;
    }
    chosen
        .into_iter()
        .enumerate()
        .map(|(i, at)| (at != i).then_some(at))
        .collect()
}

/// Which of the same types is written out: the least. Every round picks by this one order, so
/// a round only ever joins the groups of the round before, and the rounds end.
fn rank(def: &TypeDef) -> (bool, usize) {
    (def.schema_name.is_none(), def.name.len())
}

/// What a type is written as, apart from its name, its doc comment and the types it holds
/// (each written as type 0 here), and the types it holds in order; `None` for a type that is
/// never shared (an alias, which is one line already).
fn shape(def: &TypeDef) -> Option<(String, Vec<usize>)> {
    let mut kind = def.kind.clone();
    let mut held = Vec::new();
    match &mut kind {
        TypeKind::Alias(_) => return None,
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                field.pointer.clear();
                take_held(&mut field.ty, &mut held);
            }
            if let Some(ty) = &mut s.additional {
                take_held(ty, &mut held);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                take_held(&mut variant.ty, &mut held);
            }
        }
        TypeKind::Enum(_) => {}
    }
    let text = format!(
        "{:?} {} {} {}",
        kind, def.serialize, def.deserialize, def.deprecated
    );
    Some((text, held))
}

/// Moves each generated type named in `ty` to `held`, leaving type 0 in its place.
fn take_held(ty: &mut Ty, held: &mut Vec<usize>) {
    match ty {
        Ty::Named(id) => held.push(std::mem::replace(&mut id.0, 0)),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => take_held(inner, held),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiInput, ApiSettings, Source};

    /// The type each type named in `names` is written as (its own name when it is written out).
    fn written_as(spec: &str, names: &[&str]) -> Vec<String> {
        let input = ApiInput::new(Source::new("t.yaml", spec), ApiSettings::new("t.yaml", "t"));
        let api = crate::parse_api(&input).expect("the spec lowers");
        let shared = shared_types(&api);
        names
            .iter()
            .map(|name| {
                let at = api.types.iter().position(|def| def.name == *name);
                let at = at.unwrap_or_else(|| panic!("no type {name}"));
                let to = shared[at].unwrap_or(at);
                api.types[to].name.clone()
            })
            .collect()
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    PostalAddress:
      type: object
      properties: { city: { type: string }, zip: { type: string } }
    HomeAddress:
      type: object
      properties: { city: { type: string }, zip: { type: string } }
    Described:
      type: object
      properties: { city: { type: string, description: Where. }, zip: { type: string } }
    Order:
      type: object
      properties:
        to: { type: object, properties: { city: { type: string }, zip: { type: string } } }
        state: { type: string, enum: [open, closed] }
    Invoice:
      type: object
      properties:
        to: { type: object, properties: { city: { type: string }, zip: { type: string } } }
        state: { type: string, enum: [open, closed] }
    Node:
      type: object
      properties: { next: { $ref: "#/components/schemas/Node" } }
    Link:
      type: object
      properties: { next: { $ref: "#/components/schemas/Link" } }
"##;

    #[test]
    fn the_same_types_are_written_once_preferring_a_named_schema() {
        // Of two named schemas the shorter name is written out; inline copies name it even
        // where their own name is shorter. Order and Invoice hold the same types once those
        // are merged, so they are the same too (a second round).
        let got = written_as(SPEC, &["PostalAddress", "OrderTo", "InvoiceTo", "Invoice"]);
        assert_eq!(got, ["HomeAddress", "HomeAddress", "HomeAddress", "Order"]);
    }

    #[test]
    fn a_different_doc_or_a_type_that_holds_itself_is_kept() {
        // A field's doc is part of the type; a recursive type names itself, so two are never
        // known to be the same (a conservative answer, not a wrong one).
        let got = written_as(SPEC, &["Described", "Node", "Link"]);
        assert_eq!(got, ["Described", "Node", "Link"]);
    }
}
