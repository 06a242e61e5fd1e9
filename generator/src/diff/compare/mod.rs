//! The walk that pairs the old and new versions and records their differences.
//!
//! This file holds the walk's state and the API-level pairing (the server, the operations,
//! the named schemas). The rest is split by what it compares, each part using only the ones
//! after it: `operations` (parameters, bodies, security, response headers), `responses`
//! (statuses, bodies, media types), `types` (types, fields, enums, unions) and `constraints`
//! (lengths, bounds, patterns).

mod constraints;
mod operations;
mod responses;
mod types;

use std::collections::BTreeSet;

use super::kind::{ChangeKind, Flow};
use super::{Change, Report, RustChange, RustImpact};
use crate::ir::{Api, Operation, TypeId};
use crate::surface;

/// Where the walk is: the group a change belongs to, the place in words, and the pointer.
#[derive(Clone)]
struct At {
    group: String,
    /// The groups of operations (Cargo features) the group's code is in.
    features: Vec<String>,
    place: String,
    pointer: String,
}

impl At {
    fn child(&self, place: &str, pointer: String) -> At {
        At {
            group: self.group.clone(),
            features: self.features.clone(),
            place: if self.place.is_empty() {
                place.to_owned()
            } else {
                format!("{} › {place}", self.place)
            },
            pointer,
        }
    }
}

/// A change the walk found, before `Comparer::push` places it. Its severity and its reason
/// follow from its kind and the direction of the data it is in (see `kind.rs`).
struct Found {
    kind: ChangeKind,
    flow: Flow,
    old: Option<String>,
    new: Option<String>,
    /// A reason that names what changed, instead of the kind's own.
    reason: Option<String>,
    rust: Vec<RustImpact>,
}

impl Found {
    /// A change of `kind` in data that flows as `flow`, with no values and no Rust impact yet.
    fn new(kind: ChangeKind, flow: Flow) -> Found {
        Found {
            kind,
            flow,
            old: None,
            new: None,
            reason: None,
            rust: Vec::new(),
        }
    }

    /// The old and the new value.
    fn values(self, old: Option<String>, new: Option<String>) -> Found {
        Found { old, new, ..self }
    }

    /// The generated items it touches.
    fn rust(self, rust: Vec<RustImpact>) -> Found {
        Found { rust, ..self }
    }

    /// The one generated item it touches.
    fn touches(self, item: String, change: RustChange, note: Option<String>) -> Found {
        self.rust(vec![impact(item, change, note)])
    }

    /// A reason of its own, for a kind whose reason names a value.
    fn because(self, reason: String) -> Found {
        Found {
            reason: Some(reason),
            ..self
        }
    }
}

struct Comparer<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Type pairs already compared in a flow, so that recursive types end.
    seen: BTreeSet<(TypeId, TypeId, Flow)>,
    changes: Vec<Change>,
    /// For each type of each version, the groups of the operations that reach it.
    old_groups: Vec<BTreeSet<String>>,
    new_groups: Vec<BTreeSet<String>>,
}

/// Compares two lowered versions of one API.
pub(super) fn compare(old: &Api, new: &Api) -> Report {
    let mut comparer = Comparer {
        old,
        new,
        seen: BTreeSet::new(),
        changes: Vec::new(),
        old_groups: old.type_groups(),
        new_groups: new.type_groups(),
    };
    comparer.api();
    let mut changes = comparer.changes;
    // Group by group, keeping the order found inside each (stable sort).
    changes.sort_by(|a, b| a.group.cmp(&b.group));
    Report { changes }
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// The path with its variables' names left out: `/stores/{id}` and `/stores/{storeId}` are
/// one URL.
fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_variable = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_variable = true;
                out.push_str("{}");
            }
            '}' => in_variable = false,
            c if !in_variable => out.push(c),
            _ => {}
        }
    }
    out
}

fn impact(item: String, change: RustChange, note: Option<String>) -> RustImpact {
    RustImpact { item, change, note }
}

impl Comparer<'_> {
    /// Records a change found at `at`.
    fn push(&mut self, at: &At, found: Found) {
        let Found {
            kind,
            flow,
            old,
            new,
            reason,
            rust,
        } = found;
        self.changes.push(Change {
            kind: kind.name(),
            group: at.group.clone(),
            features: at.features.clone(),
            place: at.place.clone(),
            pointer: at.pointer.clone(),
            old,
            new,
            severity: kind.severity(flow),
            reason: reason.unwrap_or_else(|| kind.reason(flow).to_owned()),
            rust,
        });
    }

    fn api(&mut self) {
        let top = At {
            group: "API".to_owned(),
            features: Vec::new(),
            place: String::new(),
            pointer: "/servers".to_owned(),
        };
        if self.old.base_url != self.new.base_url {
            let found = Found::new(ChangeKind::ServerChanged, Flow::Request)
                .values(
                    Some(self.old.base_url.clone()),
                    Some(self.new.base_url.clone()),
                )
                .touches(
                    "Operation::DEFAULT_BASE_URL of every builder".to_owned(),
                    RustChange::Changed,
                    None,
                );
            self.push(&top, found);
        }

        // Operations: by method and path, then by method and the path's shape (its variables
        // renamed), then by operationId for the ones that moved. Each pairs at most once, so
        // two operations whose paths differ only in a variable's name (`/a/{id}` beside
        // `/a/{name}`) stay two.
        let (old_ops, new_ops) = (&self.old.operations, &self.new.operations);
        let mut new_of_old: Vec<Option<usize>> = vec![None; old_ops.len()];
        let mut matched_new = vec![false; new_ops.len()];
        let same_path = |o: &Operation, n: &Operation| o.method == n.method && o.path == n.path;
        let same_shape = |o: &Operation, n: &Operation| {
            o.method == n.method && path_shape(&o.path) == path_shape(&n.path)
        };
        let same_id_and_shape =
            |o: &Operation, n: &Operation| same_shape(o, n) && o.operation_id == n.operation_id;
        for pairs_with in [
            &same_path as &dyn Fn(&Operation, &Operation) -> bool,
            &same_id_and_shape,
            &same_shape,
        ] {
            for (i, op) in old_ops.iter().enumerate() {
                if new_of_old[i].is_some() {
                    continue;
                }
                let found =
                    (0..new_ops.len()).find(|&j| !matched_new[j] && pairs_with(op, &new_ops[j]));
                if let Some(j) = found {
                    matched_new[j] = true;
                    new_of_old[i] = Some(j);
                }
            }
        }
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut unmatched_old = Vec::new();
        for (i, j) in new_of_old.iter().enumerate() {
            match j {
                Some(j) => pairs.push((i, *j)),
                None => unmatched_old.push(i),
            }
        }
        for i in unmatched_old {
            let op = &self.old.operations[i];
            let moved = self
                .new
                .operations
                .iter()
                .enumerate()
                .position(|(j, n)| !matched_new[j] && n.operation_id == op.operation_id);
            let at = At {
                group: route(op),
                features: op.group.iter().cloned().collect(),
                place: String::new(),
                pointer: op.pointer.clone(),
            };
            match moved {
                Some(j) => {
                    matched_new[j] = true;
                    let new_op = &self.new.operations[j];
                    let found = Found::new(ChangeKind::OperationMoved, Flow::Request)
                        .values(Some(route(op)), Some(route(new_op)));
                    self.push(&at, found);
                    pairs.push((i, j));
                }
                None => {
                    let found = Found::new(ChangeKind::OperationRemoved, Flow::Request)
                        .values(Some(route(op)), None)
                        .touches(surface::operation_path(op), RustChange::Removed, None);
                    self.push(&at, found);
                }
            }
        }
        for (j, op) in self.new.operations.iter().enumerate() {
            if !matched_new[j] {
                let at = At {
                    group: route(op),
                    features: op.group.iter().cloned().collect(),
                    place: String::new(),
                    pointer: op.pointer.clone(),
                };
                let found = Found::new(ChangeKind::OperationAdded, Flow::Request)
                    .values(None, Some(route(op)))
                    .touches(surface::operation_path(op), RustChange::Added, None);
                self.push(&at, found);
            }
        }
        for (i, j) in pairs {
            self.operation(&self.old.operations[i], &self.new.operations[j]);
        }

        // Named schemas that are in both versions are compared by name as well, as what the
        // client receives (webhook payloads, types read by hand); changes already reported
        // under an operation are not repeated.
        let reported: BTreeSet<String> = self.changes.iter().map(|c| c.pointer.clone()).collect();
        let before = self.changes.len();
        for (new_index, def) in self.new.types.iter().enumerate() {
            let Some(name) = &def.schema_name else {
                continue;
            };
            let Some(old_index) = self
                .old
                .types
                .iter()
                .position(|o| o.schema_name.as_ref() == Some(name))
            else {
                continue;
            };
            self.seen.clear();
            let at = At {
                group: format!("schema {name}"),
                features: self.new_groups[new_index].iter().cloned().collect(),
                place: String::new(),
                pointer: def.pointer.clone(),
            };
            self.named(TypeId(old_index), TypeId(new_index), Flow::Response, &at);
        }
        let mut index = before;
        while index < self.changes.len() {
            if reported.contains(&self.changes[index].pointer) {
                self.changes.remove(index);
            } else {
                index += 1;
            }
        }

        // Named schemas added or removed.
        for (index, def) in self.new.types.iter().enumerate() {
            let Some(name) = &def.schema_name else {
                continue;
            };
            if !self
                .old
                .types
                .iter()
                .any(|o| o.schema_name.as_ref() == Some(name))
            {
                let at = At {
                    group: format!("schema {name}"),
                    features: self.new_groups[index].iter().cloned().collect(),
                    place: String::new(),
                    pointer: def.pointer.clone(),
                };
                let found = Found::new(ChangeKind::SchemaAdded, Flow::Response)
                    .values(None, Some(name.clone()))
                    .touches(
                        surface::model_path(self.new, TypeId(index)),
                        RustChange::Added,
                        None,
                    );
                self.push(&at, found);
            }
        }
        for (index, def) in self.old.types.iter().enumerate() {
            let Some(name) = &def.schema_name else {
                continue;
            };
            if !self
                .new
                .types
                .iter()
                .any(|n| n.schema_name.as_ref() == Some(name))
            {
                let at = At {
                    group: format!("schema {name}"),
                    features: self.old_groups[index].iter().cloned().collect(),
                    place: String::new(),
                    pointer: def.pointer.clone(),
                };
                let found = Found::new(ChangeKind::SchemaRemoved, Flow::Response)
                    .values(Some(name.clone()), None)
                    .touches(
                        surface::model_path(self.old, TypeId(index)),
                        RustChange::Removed,
                        None,
                    );
                self.push(&at, found);
            }
        }
    }
}
