//! What the operations of an API reach: the types each names, and everything those hold,
//! apart from links to other groups' types.
//!
//! A response of one group often holds a resource of another: Stripe's charge holds its
//! customer (expanded, or as an id), and its shared error holds the payment intent that
//! failed. Followed everywhere, such holdings make each group reach most of the API. A *link*
//! is a field or union variant of a type that is only ever received, whose type a grouped
//! operation names itself (a resource with operations of its own). What a group reaches
//! stops at links: a link compiles with the features of the type it names, so a group
//! compiles its own types, and a value behind a link it does not have is passed over (a
//! field) or kept as JSON (a union variant).

use std::collections::BTreeSet;

use super::{Api, Content, Holding, Operation, Ty, TypeDef, TypeId, TypeKind};

/// Which types grouped operations name themselves, to tell links (see the module docs).
#[derive(Debug, Clone)]
pub struct Links {
    named_by_group: Vec<bool>,
}

impl Links {
    /// No links: every holding is followed.
    pub fn none(api: &Api) -> Self {
        Self {
            named_by_group: vec![false; api.types.len()],
        }
    }

    /// Whether `holder` holding `held` at `at` is a link: the holder is only received (and
    /// not an envelope, whose data its operation returns), the holding is a field or a
    /// variant, and a grouped operation names the held type itself.
    pub fn is_link(&self, holder: &TypeDef, at: Holding, held: &Ty) -> bool {
        let received_only = holder.deserialize && !holder.serialize;
        let envelope = matches!(&holder.kind, TypeKind::Struct(s) if s.envelope.is_some());
        let place = matches!(at, Holding::Field(_) | Holding::Variant(_));
        received_only
            && !envelope
            && place
            && held.named().is_some_and(|id| self.named_by_group[id.0])
    }
}

impl Api {
    /// The types an operation names itself: its parameters', its body's, its responses' and
    /// their headers'.
    pub fn operation_types(op: &Operation) -> Vec<TypeId> {
        let params = op.params.iter().map(|p| &p.ty);
        let body = op.body.iter().map(|b| &b.ty);
        let responses = op.responses.iter().filter_map(|r| match &r.content {
            Content::Json(ty) => Some(ty),
            _ => None,
        });
        let headers = op
            .response_headers
            .iter()
            .flat_map(|h| h.fields.iter().map(|f| &f.ty));
        params
            .chain(body)
            .chain(responses)
            .chain(headers)
            .filter_map(Ty::named)
            .collect()
    }

    /// The links of this API: none when no operation is in a group.
    pub fn links(&self) -> Links {
        let mut named_by_group = vec![false; self.types.len()];
        for op in self.operations.iter().filter(|op| op.group.is_some()) {
            for id in Api::operation_types(op) {
                named_by_group[id.0] = true;
            }
        }
        Links { named_by_group }
    }

    /// The types `seeds` reach, themselves included, through what each holds but `links`,
    /// and through `also` (a type each needs besides, if any).
    pub fn reach(
        &self,
        seeds: Vec<TypeId>,
        links: &Links,
        also: impl Fn(TypeId) -> Option<TypeId>,
    ) -> Vec<TypeId> {
        let mut seen = vec![false; self.types.len()];
        let mut pending = seeds;
        let mut reached = Vec::new();
        while let Some(id) = pending.pop() {
            if std::mem::replace(&mut seen[id.0], true) {
                continue;
            }
            reached.push(id);
            let holder = &self.types[id.0];
            for (at, held) in holder.kind.holdings() {
                if !links.is_link(holder, at, held) {
                    pending.extend(held.named());
                }
            }
            pending.extend(also(id));
        }
        reached
    }

    /// For each type, the groups of the operations that reach it (see [`Operation::group`]),
    /// stopping at links.
    pub fn type_groups(&self) -> Vec<BTreeSet<String>> {
        let links = self.links();
        let mut groups = vec![BTreeSet::new(); self.types.len()];
        for op in &self.operations {
            let Some(group) = &op.group else { continue };
            for id in self.reach(Api::operation_types(op), &links, |_| None) {
                groups[id.0].insert(group.clone());
            }
        }
        groups
    }
}
