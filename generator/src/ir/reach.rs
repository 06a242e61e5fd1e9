//! What the operations of an API reach: the types each names, and everything those hold.

use super::{Api, Content, Operation, Ty, TypeId};

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

    /// The types `seeds` reach, themselves included, through what each holds and through
    /// `also` (a type each needs besides, if any).
    pub fn reach(
        &self,
        seeds: Vec<TypeId>,
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
            let held = self.types[id.0].kind.held();
            pending.extend(held.into_iter().filter_map(Ty::named));
            pending.extend(also(id));
        }
        reached
    }

    /// For each type, the groups of the operations that reach it (see [`Operation::group`]).
    pub fn type_groups(&self) -> Vec<std::collections::BTreeSet<String>> {
        let mut groups = vec![std::collections::BTreeSet::new(); self.types.len()];
        for op in &self.operations {
            let Some(group) = &op.group else { continue };
            for id in self.reach(Api::operation_types(op), |_| None) {
                groups[id.0].insert(group.clone());
            }
        }
        groups
    }
}
