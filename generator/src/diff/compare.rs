//! The walk that pairs the old and new versions and records their differences.

use std::collections::BTreeSet;

use super::{Change, Report, RustChange, RustImpact, Severity};
use crate::ir::{
    Api, Body, Bound, Constraints, Content, Field, Operation, Param, ParamLocation, Response,
    StatusMatch, Ty, TypeId, TypeKind,
};
use crate::spec::pointer::push_token;

/// Which way data flows where a type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Flow {
    /// Sent by the client.
    Request,
    /// Received by the client.
    Response,
}

/// Where the walk is: the group a change belongs to, the place in words, and the pointer.
#[derive(Clone)]
struct At {
    group: String,
    place: String,
    pointer: String,
}

impl At {
    fn child(&self, place: &str, pointer: String) -> At {
        At {
            group: self.group.clone(),
            place: if self.place.is_empty() {
                place.to_owned()
            } else {
                format!("{} › {place}", self.place)
            },
            pointer,
        }
    }
}

struct Comparer<'a> {
    old: &'a Api,
    new: &'a Api,
    /// Type pairs already compared in a flow, so that recursive types end.
    seen: BTreeSet<(TypeId, TypeId, Flow)>,
    changes: Vec<Change>,
}

/// Compares two lowered versions of one API.
pub(super) fn compare(old: &Api, new: &Api) -> Report {
    let mut comparer = Comparer {
        old,
        new,
        seen: BTreeSet::new(),
        changes: Vec::new(),
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

fn param_place(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

impl<'a> Comparer<'a> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: &'static str,
        at: &At,
        old: Option<String>,
        new: Option<String>,
        severity: Severity,
        reason: impl Into<String>,
        rust: Vec<RustImpact>,
    ) {
        self.changes.push(Change {
            kind,
            group: at.group.clone(),
            place: at.place.clone(),
            pointer: at.pointer.clone(),
            old,
            new,
            severity,
            reason: reason.into(),
            rust,
        });
    }

    fn api(&mut self) {
        let top = At {
            group: "API".to_owned(),
            place: String::new(),
            pointer: "/servers".to_owned(),
        };
        if self.old.base_url != self.new.base_url {
            self.push(
                "server-changed",
                &top,
                Some(self.old.base_url.clone()),
                Some(self.new.base_url.clone()),
                Severity::Breaking,
                "requests sent to the default server go elsewhere",
                vec![impact(
                    "Operation::DEFAULT_BASE_URL of every builder",
                    RustChange::Changed,
                    None,
                )],
            );
        }

        // Operations: by method and path, then by operationId for the ones that moved.
        let mut matched_new = vec![false; self.new.operations.len()];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut unmatched_old = Vec::new();
        for (i, op) in self.old.operations.iter().enumerate() {
            match self
                .new
                .operations
                .iter()
                .position(|n| n.method == op.method && path_shape(&n.path) == path_shape(&op.path))
            {
                Some(j) => {
                    matched_new[j] = true;
                    pairs.push((i, j));
                }
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
                place: String::new(),
                pointer: op.pointer.clone(),
            };
            match moved {
                Some(j) => {
                    matched_new[j] = true;
                    let new_op = &self.new.operations[j];
                    self.push(
                        "operation-moved",
                        &at,
                        Some(route(op)),
                        Some(route(new_op)),
                        Severity::Breaking,
                        "requests built by the old method and path reach nothing",
                        vec![],
                    );
                    pairs.push((i, j));
                }
                None => self.push(
                    "operation-removed",
                    &at,
                    Some(route(op)),
                    None,
                    Severity::Breaking,
                    "the operation is gone",
                    vec![impact(
                        &format!("operations::{}", op.name),
                        RustChange::Removed,
                        None,
                    )],
                ),
            }
        }
        for (j, op) in self.new.operations.iter().enumerate() {
            if !matched_new[j] {
                let at = At {
                    group: route(op),
                    place: String::new(),
                    pointer: op.pointer.clone(),
                };
                self.push(
                    "operation-added",
                    &at,
                    None,
                    Some(route(op)),
                    Severity::NonBreaking,
                    "a new operation",
                    vec![impact(
                        &format!("operations::{}", op.name),
                        RustChange::Added,
                        None,
                    )],
                );
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
        for def in &self.new.types {
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
            let new_index = self
                .new
                .types
                .iter()
                .position(|n| std::ptr::eq(n, def))
                .unwrap_or_default();
            self.seen.clear();
            let at = At {
                group: format!("schema {name}"),
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
        for def in &self.new.types {
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
                    place: String::new(),
                    pointer: def.pointer.clone(),
                };
                self.push(
                    "schema-added",
                    &at,
                    None,
                    Some(name.clone()),
                    Severity::NonBreaking,
                    "a new schema",
                    vec![impact(
                        &format!("models::{}", def.name),
                        RustChange::Added,
                        None,
                    )],
                );
            }
        }
        for def in &self.old.types {
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
                    place: String::new(),
                    pointer: def.pointer.clone(),
                };
                self.push(
                    "schema-removed",
                    &at,
                    Some(name.clone()),
                    None,
                    Severity::NonBreaking,
                    "the schema is gone from the spec; operations that used it are reported on their own",
                    vec![impact(&format!("models::{}", def.name), RustChange::Removed, None)],
                );
            }
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        // A type used by several operations is reported under each of them.
        self.seen.clear();
        let at = At {
            group: route(new),
            place: String::new(),
            pointer: new.pointer.clone(),
        };
        if old.operation_id != new.operation_id {
            let rust = if old.name != new.name {
                vec![impact(
                    &format!("operations::{} -> operations::{}", old.name, new.name),
                    RustChange::Renamed,
                    None,
                )]
            } else {
                vec![]
            };
            self.push(
                "operation-id-changed",
                &at.child("operationId", format!("{}/operationId", new.pointer)),
                Some(old.operation_id.clone()),
                Some(new.operation_id.clone()),
                Severity::NonBreaking,
                "the wire request is the same",
                rust,
            );
        }
        if !old.deprecated && new.deprecated {
            self.push(
                "operation-deprecated",
                &at.child("deprecated", format!("{}/deprecated", new.pointer)),
                Some("false".into()),
                Some("true".into()),
                Severity::NonBreaking,
                "it still works, but may be removed",
                vec![impact(
                    &format!("operations::{}", new.name),
                    RustChange::Deprecated,
                    None,
                )],
            );
        }
        self.security(old, new, &at);
        self.params(old, new, &at);
        self.body(old, new, &at);
        self.responses(old, new, &at);
        self.response_headers(old, new, &at);
    }

    /// The headers the responses declare, which `response_headers` reads into one struct.
    fn response_headers(&mut self, old: &Operation, new: &Operation, at: &At) {
        let fields = |op: &Operation| {
            op.response_headers
                .as_ref()
                .map(|h| (h.name.clone(), h.fields.clone()))
                .unwrap_or_default()
        };
        let (old_struct, old_fields) = fields(old);
        let (new_struct, new_fields) = fields(new);
        let hat = |wire: &str| at.child(&format!("response header {wire}"), new.pointer.clone());
        for h in &new_fields {
            match old_fields.iter().find(|o| o.wire == h.wire) {
                None => self.push(
                    "response-header-added",
                    &hat(&h.wire),
                    None,
                    Some(h.wire.clone()),
                    Severity::NonBreaking,
                    "a header more to read",
                    vec![impact(
                        &format!("operations::{new_struct}::{}", h.name),
                        RustChange::Added,
                        None,
                    )],
                ),
                Some(o) if o.ty != h.ty => {
                    let (was, is) = (self.ty_name(self.old, &o.ty), self.ty_name(self.new, &h.ty));
                    self.push(
                        "response-header-retyped",
                        &hat(&h.wire),
                        Some(was),
                        Some(is),
                        Severity::Breaking,
                        "code that reads it as the old type no longer compiles",
                        vec![impact(
                            &format!("operations::{new_struct}::{}", h.name),
                            RustChange::Retyped,
                            None,
                        )],
                    );
                }
                Some(_) => {}
            }
        }
        for o in old_fields
            .iter()
            .filter(|o| !new_fields.iter().any(|h| h.wire == o.wire))
        {
            self.push(
                "response-header-removed",
                &hat(&o.wire),
                Some(o.wire.clone()),
                None,
                Severity::Breaking,
                "clients that read it get nothing",
                vec![impact(
                    &format!("operations::{old_struct}::{}", o.name),
                    RustChange::Removed,
                    None,
                )],
            );
        }
    }

    fn security(&mut self, old: &Operation, new: &Operation, at: &At) {
        // Schemes are compared by what they send, not by their names in the spec.
        let sends = |op: &Operation| {
            op.auth
                .iter()
                .map(|a| {
                    (
                        format!("{:?}", a.kind),
                        a.name.to_ascii_lowercase(),
                        a.scheme.clone(),
                        a.setter.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let (before, after) = (sends(old), sends(new));
        let same = |x: &(String, String, String, String), y: &(String, String, String, String)| {
            x.0 == y.0 && x.1 == y.1
        };
        let gained: Vec<_> = after
            .iter()
            .filter(|a| !before.iter().any(|b| same(a, b)))
            .collect();
        let lost: Vec<_> = before
            .iter()
            .filter(|b| !after.iter().any(|a| same(a, b)))
            .collect();
        if gained.is_empty() && lost.is_empty() {
            return;
        }
        let at = at.child("security", format!("{}/security", new.pointer));
        // A client keeps working if no credential is needed any more, or one it may already
        // send is still accepted.
        let still_accepted =
            after.is_empty() || before.iter().any(|b| after.iter().any(|a| same(a, b)));
        let severity = if still_accepted {
            Severity::NonBreaking
        } else {
            Severity::Breaking
        };
        let reason = match severity {
            Severity::Breaking => "requests without the new credentials are refused",
            _ => "a credential that worked still works",
        };
        let names = |list: &[(String, String, String, String)]| {
            if list.is_empty() {
                "none".to_owned()
            } else {
                list.iter()
                    .map(|s| s.2.clone())
                    .collect::<Vec<_>>()
                    .join(" | ")
            }
        };
        let rust = gained
            .iter()
            .map(|a| {
                impact(
                    &format!("operations::{}::{}", new.name, a.3),
                    RustChange::Added,
                    None,
                )
            })
            .chain(lost.iter().map(|b| {
                impact(
                    &format!("operations::{}::{}", old.name, b.3),
                    RustChange::Removed,
                    None,
                )
            }))
            .collect();
        self.push(
            "security-changed",
            &at,
            Some(names(&before)),
            Some(names(&after)),
            severity,
            reason,
            rust,
        );
    }

    fn params(&mut self, old: &Operation, new: &Operation, at: &At) {
        for p in &new.params {
            let pat = at.child(
                &format!("{} parameter {}", param_place(p.location), p.wire_name),
                p.pointer.clone(),
            );
            match find_param(&old.params, p, &new.params) {
                Some(o) => self.param(old, new, o, p, &pat),
                None => {
                    if let Some(o) = old.params.iter().find(|q| q.wire_name == p.wire_name) {
                        self.push(
                            "parameter-moved",
                            &pat,
                            Some(param_place(o.location).into()),
                            Some(param_place(p.location).into()),
                            Severity::Breaking,
                            "the server reads it from another place",
                            vec![],
                        );
                        continue;
                    }
                    let (kind, severity, reason, item) = if p.required {
                        (
                            "parameter-added-required",
                            Severity::Breaking,
                            "old requests lack it",
                            format!("operations::{}::new", new.name),
                        )
                    } else {
                        (
                            "parameter-added",
                            Severity::NonBreaking,
                            "it is optional",
                            format!("operations::{}::{}", new.name, p.name),
                        )
                    };
                    let change = if p.required {
                        RustChange::Retyped
                    } else {
                        RustChange::Added
                    };
                    self.push(
                        kind,
                        &pat,
                        None,
                        Some(p.wire_name.clone()),
                        severity,
                        reason,
                        vec![impact(&item, change, None)],
                    );
                }
            }
        }
        for o in &old.params {
            if find_param(&new.params, o, &old.params).is_none()
                && !new.params.iter().any(|q| q.wire_name == o.wire_name)
            {
                let pat = at.child(
                    &format!("{} parameter {}", param_place(o.location), o.wire_name),
                    o.pointer.clone(),
                );
                let item = if o.required {
                    format!("operations::{}::new", old.name)
                } else {
                    format!("operations::{}::{}", old.name, o.name)
                };
                let change = if o.required {
                    RustChange::Retyped
                } else {
                    RustChange::Removed
                };
                self.push(
                    "parameter-removed",
                    &pat,
                    Some(o.wire_name.clone()),
                    None,
                    Severity::NonBreaking,
                    "the server no longer reads it; sending it does no harm",
                    vec![impact(&item, change, None)],
                );
            }
        }
    }

    fn param(&mut self, old_op: &Operation, new_op: &Operation, o: &Param, p: &Param, at: &At) {
        if o.required != p.required {
            let (kind, severity, reason) = if p.required {
                (
                    "parameter-made-required",
                    Severity::Breaking,
                    "old requests may lack it",
                )
            } else {
                (
                    "parameter-made-optional",
                    Severity::NonBreaking,
                    "requests with it still work",
                )
            };
            let rust = vec![impact(
                &format!("operations::{}::new", new_op.name),
                RustChange::Retyped,
                Some(if p.required {
                    "takes it now".into()
                } else {
                    "no longer takes it: it is a setter".into()
                }),
            )];
            self.push(
                kind,
                at,
                Some(o.required.to_string()),
                Some(p.required.to_string()),
                severity,
                reason,
                rust,
            );
        }
        if o.default != p.default {
            let text = |v: &Option<serde_json::Value>| {
                v.as_ref().map_or("none".to_owned(), ToString::to_string)
            };
            self.push(
                "parameter-default-changed",
                at,
                Some(text(&o.default)),
                Some(text(&p.default)),
                if p.required {
                    Severity::NonBreaking
                } else {
                    Severity::Breaking
                },
                if p.required {
                    "the parameter is always sent"
                } else {
                    "requests that leave it out now mean something else"
                },
                vec![],
            );
        }
        if o.style != p.style || o.json != p.json {
            self.push(
                "parameter-style-changed",
                at,
                Some(style_name(o)),
                Some(style_name(p)),
                Severity::Breaking,
                "the value is written another way",
                vec![],
            );
        }
        let _ = old_op;
        self.constraints(&o.constraints, &p.constraints, Flow::Request, at);
        self.ty(
            &o.ty,
            &p.ty,
            Flow::Request,
            at,
            &format!("operations::{}::{}", new_op.name, p.name),
        );
    }

    fn body(&mut self, old: &Operation, new: &Operation, at: &At) {
        let bat = at.child("request body", format!("{}/requestBody", new.pointer));
        match (&old.body, &new.body) {
            (None, None) => {}
            (None, Some(b)) => {
                let severity = if b.required {
                    Severity::Breaking
                } else {
                    Severity::NonBreaking
                };
                self.push(
                    "request-body-added",
                    &bat,
                    None,
                    Some(b.content_type.clone()),
                    severity,
                    if b.required {
                        "old requests have no body"
                    } else {
                        "it is optional"
                    },
                    vec![if b.required {
                        impact(
                            &format!("operations::{}::new", new.name),
                            RustChange::Retyped,
                            None,
                        )
                    } else {
                        impact(
                            &format!("operations::{}::body", new.name),
                            RustChange::Added,
                            None,
                        )
                    }],
                );
            }
            (Some(b), None) => self.push(
                "request-body-removed",
                &bat,
                Some(b.content_type.clone()),
                None,
                Severity::NonBreaking,
                "the server ignores what it no longer reads",
                vec![impact(
                    &format!("operations::{}::new", new.name),
                    RustChange::Retyped,
                    None,
                )],
            ),
            (Some(o), Some(n)) => {
                self.media_types(&o.media_types, &n.media_types, Flow::Request, &bat);
                if o.required != n.required {
                    let severity = if n.required {
                        Severity::Breaking
                    } else {
                        Severity::NonBreaking
                    };
                    self.push(
                        if n.required {
                            "request-body-made-required"
                        } else {
                            "request-body-made-optional"
                        },
                        &bat,
                        Some(o.required.to_string()),
                        Some(n.required.to_string()),
                        severity,
                        if n.required {
                            "old requests may have no body"
                        } else {
                            "requests with a body still work"
                        },
                        vec![impact(
                            &format!("operations::{}::new", new.name),
                            RustChange::Retyped,
                            None,
                        )],
                    );
                }
                self.body_ty(o, n, &bat, new);
            }
        }
    }

    fn body_ty(&mut self, o: &Body, n: &Body, at: &At, new: &Operation) {
        self.ty(
            &o.ty,
            &n.ty,
            Flow::Request,
            at,
            &format!("operations::{}::new(body)", new.name),
        );
    }

    fn media_types(&mut self, old: &[String], new: &[String], flow: Flow, at: &At) {
        self.media_types_absorbed(old, new, flow, at, false);
    }

    /// Media type changes; `absorbs` when the old client ignores the body or keeps it as bytes.
    fn media_types_absorbed(
        &mut self,
        old: &[String],
        new: &[String],
        flow: Flow,
        at: &At,
        absorbs: bool,
    ) {
        for m in old.iter().filter(|m| !new.contains(m)) {
            let (severity, reason) = match flow {
                Flow::Request => (
                    Severity::Breaking,
                    "requests in that media type are refused",
                ),
                Flow::Response => (Severity::NonBreaking, "the server no longer answers in it"),
            };
            self.push(
                "media-type-removed",
                at,
                Some(m.clone()),
                None,
                severity,
                reason,
                vec![],
            );
        }
        for m in new.iter().filter(|m| !old.contains(m)) {
            let (severity, reason) = match (flow, absorbs) {
                (Flow::Request, _) => (Severity::NonBreaking, "another media type is accepted"),
                (Flow::Response, true) => (
                    Severity::Absorbed,
                    "old clients ignore the body or keep it as bytes",
                ),
                (Flow::Response, false) => (
                    Severity::Breaking,
                    "the server may answer in a media type old clients do not read",
                ),
            };
            self.push(
                "media-type-added",
                at,
                None,
                Some(m.clone()),
                severity,
                reason,
                vec![],
            );
        }
    }

    fn responses(&mut self, old: &Operation, new: &Operation, at: &At) {
        for r in &new.responses {
            let text = r.status.spec_text();
            let rat = at.child(
                &format!("response {text}"),
                push_token(&format!("{}/responses", new.pointer), &text),
            );
            match find_response(&old.responses, r.status) {
                None => {
                    // A call that succeeds with a status old clients do not know fails for them.
                    let (severity, reason) = if r.success {
                        (
                            Severity::Breaking,
                            "a new success status: old clients take it for an unexpected response",
                        )
                    } else {
                        (
                            Severity::NonBreaking,
                            "a new documented error: old clients saw it as unexpected already",
                        )
                    };
                    // The Rust result type changes only where the side becomes (or is) an enum
                    // of responses.
                    let side = if r.success { &new.success } else { &new.error };
                    let rust = match side {
                        crate::ir::Outcome::Enum { name, .. } => vec![impact(
                            &format!("operations::{name}"),
                            RustChange::Retyped,
                            Some("a variant for the new status".into()),
                        )],
                        _ => Vec::new(),
                    };
                    self.push(
                        "response-added",
                        &rat,
                        None,
                        Some(text.clone()),
                        severity,
                        reason,
                        rust,
                    );
                }
                Some(o) => {
                    let absorbs = matches!(o.content, Content::Empty | Content::Bytes);
                    self.media_types_absorbed(
                        &o.media_types,
                        &r.media_types,
                        Flow::Response,
                        &rat,
                        absorbs,
                    );
                    self.content(&o.content, &r.content, &rat, new);
                }
            }
        }
        for o in &old.responses {
            if find_response(&new.responses, o.status).is_none() {
                let text = o.status.spec_text();
                let rat = at.child(
                    &format!("response {text}"),
                    push_token(&format!("{}/responses", old.pointer), &text),
                );
                self.push(
                    "response-removed",
                    &rat,
                    Some(text),
                    None,
                    Severity::NonBreaking,
                    "the server no longer documents it; if it still comes, it is an unexpected response",
                    vec![impact(&format!("operations::{}::parse_response", old.name), RustChange::Retyped, None)],
                );
            }
        }
    }

    fn content(&mut self, old: &Content, new: &Content, at: &At, op: &Operation) {
        match (old, new) {
            (Content::Json(a), Content::Json(b)) => {
                self.ty(
                    a,
                    b,
                    Flow::Response,
                    at,
                    &format!("operations::{}::Output", op.name),
                );
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {}
            (a, b) => self.push(
                "response-body-changed",
                at,
                Some(content_name(a)),
                Some(content_name(b)),
                if matches!(a, Content::Empty | Content::Bytes) {
                    Severity::Absorbed
                } else {
                    Severity::Breaking
                },
                if matches!(a, Content::Empty | Content::Bytes) {
                    "old clients ignore the body or keep it as bytes"
                } else {
                    "the body is of another kind"
                },
                vec![impact(
                    &format!("operations::{}::parse_response", op.name),
                    RustChange::Retyped,
                    None,
                )],
            ),
        }
    }

    /// Compares two uses of a type.
    fn ty(&mut self, old: &Ty, new: &Ty, flow: Flow, at: &At, item: &str) {
        // Aliases stand for what they name: `Pet` becoming a `$ref` to an identical `Animal` is
        // no change of shape.
        let (old, new) = (&self.resolve(self.old, old), &self.resolve(self.new, new));
        match (old, new) {
            (Ty::Named(a), Ty::Named(b)) => self.named(*a, *b, flow, at),
            (Ty::Vec(a), Ty::Vec(b))
            | (Ty::Map(a), Ty::Map(b))
            | (Ty::Option(a), Ty::Option(b)) => {
                self.ty(a, b, flow, at, item);
            }
            (Ty::Option(a), b) => {
                self.push(
                    "items-made-required",
                    at,
                    Some("nullable".into()),
                    Some("not null".into()),
                    match flow {
                        Flow::Response => Severity::NonBreaking,
                        Flow::Request => Severity::Breaking,
                    },
                    match flow {
                        Flow::Response => "responses get stricter",
                        Flow::Request => "requests with null items are refused",
                    },
                    vec![impact(
                        item,
                        RustChange::Retyped,
                        Some("items are no longer Options".into()),
                    )],
                );
                self.ty(a, b, flow, at, item);
            }
            (a, Ty::Option(b)) => {
                self.push(
                    "items-made-nullable",
                    at,
                    Some("not null".into()),
                    Some("nullable".into()),
                    match flow {
                        Flow::Response => Severity::Breaking,
                        Flow::Request => Severity::NonBreaking,
                    },
                    match flow {
                        Flow::Response => "old clients do not expect null items",
                        Flow::Request => "requests may send null items now",
                    },
                    vec![impact(
                        item,
                        RustChange::Retyped,
                        Some("items are Options now".into()),
                    )],
                );
                self.ty(a, b, flow, at, item);
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {}
            (Ty::String, Ty::Secret) | (Ty::Secret, Ty::String) => self.push(
                "format-changed",
                at,
                Some(self.ty_name(self.old, old)),
                Some(self.ty_name(self.new, new)),
                Severity::NonBreaking,
                "the same string on the wire",
                vec![impact(item, RustChange::Retyped, None)],
            ),
            _ => {
                // Whether every old value is a valid new one (the type got looser).
                let looser = self.looser(old, new);
                let tighter = self.looser_rev(old, new);
                let severity = match (flow, looser, tighter) {
                    (Flow::Request, true, _) | (Flow::Response, _, true) => Severity::NonBreaking,
                    _ => Severity::Breaking,
                };
                let reason = match (flow, looser, tighter) {
                    (Flow::Request, true, _) => "requests get looser: what was sent still fits",
                    (Flow::Response, _, true) => {
                        "responses get stricter: what old clients read still fits"
                    }
                    (Flow::Request, _, _) => "values clients send may not fit the new type",
                    (Flow::Response, _, _) => "values the server sends may not fit the old type",
                };
                self.push(
                    "type-changed",
                    at,
                    Some(self.ty_name(self.old, old)),
                    Some(self.ty_name(self.new, new)),
                    severity,
                    reason,
                    vec![impact(item, RustChange::Retyped, None)],
                );
            }
        }
    }

    /// Follows aliases to the type they stand for.
    fn resolve(&self, api: &Api, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..api.types.len() + 1 {
            match &ty {
                Ty::Named(id) => match &api.ty(*id).kind {
                    TypeKind::Alias(inner) => ty = inner.clone(),
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// Whether every value of `old` is a value of `new`.
    fn looser(&self, old: &Ty, new: &Ty) -> bool {
        widens(self.old, old, new)
    }

    /// Whether every value of `new` is a value of `old`.
    fn looser_rev(&self, old: &Ty, new: &Ty) -> bool {
        widens(self.new, new, old)
    }

    /// The Rust spelling of a type.
    fn ty_name(&self, api: &Api, ty: &Ty) -> String {
        crate::surface::ty(api, ty)
    }

    fn named(&mut self, a: TypeId, b: TypeId, flow: Flow, at: &At) {
        if !self.seen.insert((a, b, flow)) {
            return;
        }
        let (old, new) = (self.old.ty(a), self.new.ty(b));
        // Changes to the type itself (its values, its variants) point at its schema.
        let at = &At {
            group: at.group.clone(),
            place: at.place.clone(),
            pointer: new.pointer.clone(),
        };
        if old.name != new.name {
            self.push(
                "type-renamed",
                at,
                Some(old.name.clone()),
                Some(new.name.clone()),
                Severity::NonBreaking,
                "only the generated name changed (the schema moved or was renamed)",
                vec![impact(
                    &format!("models::{} -> models::{}", old.name, new.name),
                    RustChange::Renamed,
                    None,
                )],
            );
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => {
                for field in &n.fields {
                    let fat = at.child(&field.wire_name, field.pointer.clone());
                    match o.fields.iter().find(|f| f.wire_name == field.wire_name) {
                        Some(of) => self.field(of, field, flow, &fat, &new.name),
                        None => self.field_added(field, flow, &fat, &new.name),
                    }
                }
                for of in &o.fields {
                    if !n.fields.iter().any(|f| f.wire_name == of.wire_name) {
                        let fat = at.child(&of.wire_name, of.pointer.clone());
                        let (severity, reason) = match (flow, of.required) {
                            (Flow::Response, true) => {
                                (Severity::Breaking, "old clients require it in responses")
                            }
                            (Flow::Response, false) => (Severity::NonBreaking, "it was optional"),
                            (Flow::Request, _) => (
                                Severity::NonBreaking,
                                "the server ignores what it no longer reads",
                            ),
                        };
                        self.push(
                            "property-removed",
                            &fat,
                            Some(of.wire_name.clone()),
                            None,
                            severity,
                            reason,
                            vec![impact(
                                &format!("models::{}::{}", old.name, of.name),
                                RustChange::Removed,
                                None,
                            )],
                        );
                    }
                }
            }
            (TypeKind::Enum(o), TypeKind::Enum(n)) if o.integer == n.integer => {
                // A value kept under another Rust name: the wire is the same, the code is not.
                for v in &n.variants {
                    let Some(w) = o.variants.iter().find(|w| w.wire == v.wire) else {
                        continue;
                    };
                    if w.name != v.name {
                        self.push(
                            "enum-variant-renamed",
                            at,
                            Some(w.name.clone()),
                            Some(v.name.clone()),
                            Severity::NonBreaking,
                            format!("the value `{}` is the same on the wire", v.wire),
                            vec![impact(
                                &format!("models::{}::{}", old.name, w.name),
                                RustChange::Renamed,
                                Some(format!("now `{}`", v.name)),
                            )],
                        );
                    }
                }
                for v in n
                    .variants
                    .iter()
                    .filter(|v| !o.variants.iter().any(|w| w.wire == v.wire))
                {
                    let (severity, reason) = match flow {
                        Flow::Request => (Severity::NonBreaking, "a new value clients may send"),
                        Flow::Response => (
                            Severity::Absorbed,
                            "old clients get a value they do not list; the generated enum keeps it in its catch-all variant",
                        ),
                    };
                    self.push(
                        "enum-value-added",
                        at,
                        None,
                        Some(v.wire.clone()),
                        severity,
                        reason,
                        vec![impact(
                            &format!("models::{}::{}", new.name, v.name),
                            RustChange::Added,
                            Some(format!(
                                "a `match` without a wildcard needs the new arm; `{}` used to decode to `{}`",
                                v.wire, o.unknown
                            )),
                        )],
                    );
                }
                for v in o
                    .variants
                    .iter()
                    .filter(|v| !n.variants.iter().any(|w| w.wire == v.wire))
                {
                    let (severity, reason) = match flow {
                        Flow::Request => {
                            (Severity::Breaking, "requests with that value are refused")
                        }
                        Flow::Response => (Severity::NonBreaking, "the server no longer sends it"),
                    };
                    self.push(
                        "enum-value-removed",
                        at,
                        Some(v.wire.clone()),
                        None,
                        severity,
                        reason,
                        vec![impact(
                            &format!("models::{}::{}", old.name, v.name),
                            RustChange::Removed,
                            None,
                        )],
                    );
                }
            }
            (TypeKind::Union(o), TypeKind::Union(n)) => {
                if o.tag != n.tag {
                    self.push(
                        "discriminator-changed",
                        at,
                        o.tag.clone(),
                        n.tag.clone(),
                        Severity::Breaking,
                        "variants are told apart by another property",
                        vec![impact(
                            &format!("models::{}", new.name),
                            RustChange::Retyped,
                            None,
                        )],
                    );
                }
                // Tagged variants pair by tag; untagged ones by shape (their Rust names follow
                // where the schema is declared, which may move).
                let key = |v: &crate::ir::UnionVariant, api: &Api| {
                    v.tag_value
                        .clone()
                        .unwrap_or_else(|| variant_shape(api, &v.ty))
                };
                for v in &n.variants {
                    let k = key(v, self.new);
                    match o.variants.iter().find(|w| key(w, self.old) == k) {
                        Some(w) => {
                            let vat = at.child(&k, at.pointer.clone());
                            self.ty(
                                &w.ty,
                                &v.ty,
                                flow,
                                &vat,
                                &format!("models::{}::{}", new.name, v.name),
                            );
                        }
                        None => {
                            let (severity, reason) = match flow {
                                Flow::Request => {
                                    (Severity::NonBreaking, "a new variant clients may send")
                                }
                                Flow::Response => (
                                    Severity::Breaking,
                                    "old clients reject a response of the new variant",
                                ),
                            };
                            self.push(
                                "union-variant-added",
                                at,
                                None,
                                Some(k),
                                severity,
                                reason,
                                vec![impact(
                                    &format!("models::{}::{}", new.name, v.name),
                                    RustChange::Added,
                                    Some("a `match` on the enum needs the new arm".into()),
                                )],
                            );
                        }
                    }
                }
                for w in &o.variants {
                    let k = key(w, self.old);
                    if !n.variants.iter().any(|v| key(v, self.new) == k) {
                        let (severity, reason) = match flow {
                            Flow::Request => {
                                (Severity::Breaking, "requests of that variant are refused")
                            }
                            Flow::Response => {
                                (Severity::NonBreaking, "the server no longer sends it")
                            }
                        };
                        self.push(
                            "union-variant-removed",
                            at,
                            Some(k),
                            None,
                            severity,
                            reason,
                            vec![impact(
                                &format!("models::{}::{}", old.name, w.name),
                                RustChange::Removed,
                                None,
                            )],
                        );
                    }
                }
            }
            (TypeKind::Alias(_), _) | (_, TypeKind::Alias(_)) => {
                // Compare what the aliases stand for; `ty` resolves them.
                let item = format!("models::{}", new.name);
                self.ty(&Ty::Named(a), &Ty::Named(b), flow, at, &item);
            }
            (ok, nk) => self.push(
                "type-changed",
                at,
                Some(kind_name(ok).into()),
                Some(kind_name(nk).into()),
                Severity::Breaking,
                "the schema has another shape",
                vec![impact(
                    &format!("models::{}", new.name),
                    RustChange::Retyped,
                    None,
                )],
            ),
        }
    }

    fn field_added(&mut self, field: &Field, flow: Flow, at: &At, owner: &str) {
        let (kind, severity, reason) = match (flow, field.required) {
            (Flow::Request, true) => (
                "request-property-added-required",
                Severity::Breaking,
                "old requests lack it",
            ),
            (Flow::Request, false) => (
                "request-property-added",
                Severity::NonBreaking,
                "it is optional",
            ),
            (Flow::Response, _) => (
                "response-property-added",
                Severity::NonBreaking,
                "old clients ignore it",
            ),
        };
        let note = (flow == Flow::Request).then(|| "struct literals must name it".to_owned());
        self.push(
            kind,
            at,
            None,
            Some(field.wire_name.clone()),
            severity,
            reason,
            vec![impact(
                &format!("models::{owner}::{}", field.name),
                RustChange::Added,
                note,
            )],
        );
    }

    fn field(&mut self, of: &Field, nf: &Field, flow: Flow, at: &At, owner: &str) {
        let item = format!("models::{owner}::{}", nf.name);
        if of.required != nf.required {
            let (kind, severity, reason) = match (flow, nf.required) {
                (Flow::Request, true) => (
                    "property-made-required",
                    Severity::Breaking,
                    "old requests may lack it",
                ),
                (Flow::Request, false) => (
                    "property-made-optional",
                    Severity::NonBreaking,
                    "requests with it still work",
                ),
                (Flow::Response, true) => (
                    "property-made-required",
                    Severity::NonBreaking,
                    "responses get stricter",
                ),
                (Flow::Response, false) => (
                    "property-made-optional",
                    Severity::Breaking,
                    "old clients require it in responses",
                ),
            };
            let rust = optionality_impact(of, nf, &item);
            self.push(
                kind,
                at,
                Some(presence(of)),
                Some(presence(nf)),
                severity,
                reason,
                rust,
            );
        }
        if of.nullable != nf.nullable {
            let (kind, severity, reason) = match (flow, nf.nullable) {
                (Flow::Response, true) => (
                    "property-made-nullable",
                    Severity::Breaking,
                    "old clients do not expect null",
                ),
                (Flow::Response, false) => (
                    "property-made-non-nullable",
                    Severity::NonBreaking,
                    "responses get stricter",
                ),
                (Flow::Request, true) => (
                    "property-made-nullable",
                    Severity::NonBreaking,
                    "requests may send null now",
                ),
                (Flow::Request, false) => (
                    "property-made-non-nullable",
                    Severity::Breaking,
                    "requests with null are refused",
                ),
            };
            let rust = optionality_impact(of, nf, &item);
            self.push(
                kind,
                at,
                Some(of.nullable.to_string()),
                Some(nf.nullable.to_string()),
                severity,
                reason,
                rust,
            );
        }
        if of.explicit_null != nf.explicit_null
            && of.required == nf.required
            && of.nullable == nf.nullable
        {
            // The wire is the same; the type is now carried by responses too, or no longer.
            let shape = |f: &Field| {
                if f.explicit_null {
                    "Option<Option<_>>"
                } else {
                    "Option<_>"
                }
            };
            self.push(
                "property-null-handling-changed",
                at,
                Some(shape(of).to_owned()),
                Some(shape(nf).to_owned()),
                Severity::NonBreaking,
                "the same on the wire; the type is now carried by responses too, or by requests only",
                optionality_impact(of, nf, &item),
            );
        }
        self.constraints(&of.constraints, &nf.constraints, flow, at);
        self.ty(&of.ty, &nf.ty, flow, at, &item);
    }

    /// Changed lengths, bounds, patterns and sizes. The generated code checks none of them, so
    /// no Rust item changes; a request that gets stricter may be refused by the server.
    fn constraints(&mut self, old: &Constraints, new: &Constraints, flow: Flow, at: &At) {
        for change in constraint_changes(old, new) {
            let (kind, severity, reason) = match (flow, change.tighter) {
                (Flow::Request, Some(true)) => (
                    "constraint-tightened",
                    Severity::Breaking,
                    "values the client may send are now refused",
                ),
                (Flow::Request, None) => (
                    "constraint-changed",
                    Severity::Breaking,
                    "values the client may send may now be refused",
                ),
                (Flow::Request, Some(false)) => (
                    "constraint-loosened",
                    Severity::NonBreaking,
                    "every value allowed before still is",
                ),
                (Flow::Response, Some(true)) => (
                    "constraint-tightened",
                    Severity::NonBreaking,
                    "responses get stricter",
                ),
                (Flow::Response, tighter) => (
                    if tighter.is_none() {
                        "constraint-changed"
                    } else {
                        "constraint-loosened"
                    },
                    Severity::NonBreaking,
                    "the generated types do not check it, and hold the new values",
                ),
            };
            let at = at.child(change.name, at.pointer.clone());
            self.push(kind, &at, change.old, change.new, severity, reason, vec![]);
        }
    }
}

/// One constraint that differs between two versions.
#[derive(Debug, PartialEq)]
struct ConstraintChange {
    /// Its keyword.
    name: &'static str,
    old: Option<String>,
    new: Option<String>,
    /// Whether fewer values pass (`Some(true)`), more (`Some(false)`), or neither is sure (a
    /// new pattern).
    tighter: Option<bool>,
}

/// The constraints that differ, each with the way it moved.
fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<ConstraintChange> {
    let mut changes = Vec::new();
    let mut push = |name, old: Option<String>, new: Option<String>, tighter| {
        changes.push(ConstraintChange {
            name,
            old,
            new,
            tighter,
        });
    };
    // Lower limits: a new or higher one is tighter. Upper limits: a new or lower one.
    let sizes = [
        ("minLength", old.min_length, new.min_length, true),
        ("maxLength", old.max_length, new.max_length, false),
        ("minItems", old.min_items, new.min_items, true),
        ("maxItems", old.max_items, new.max_items, false),
        (
            "minProperties",
            old.min_properties,
            new.min_properties,
            true,
        ),
        (
            "maxProperties",
            old.max_properties,
            new.max_properties,
            false,
        ),
    ];
    for (name, o, n, lower) in sizes {
        if o != n {
            let tighter = match (o, n) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(o), Some(n)) => (n > o) == lower,
                (None, None) => continue,
            };
            push(
                name,
                o.map(|v| v.to_string()),
                n.map(|v| v.to_string()),
                Some(tighter),
            );
        }
    }
    for (name, o, n, lower) in [
        ("minimum", old.minimum, new.minimum, true),
        ("maximum", old.maximum, new.maximum, false),
    ] {
        if o != n {
            let tighter = match (o, n) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(o), Some(n)) if o.value == n.value => n.exclusive,
                (Some(o), Some(n)) => (n.value > o.value) == lower,
                (None, None) => continue,
            };
            push(name, o.map(bound_text), n.map(bound_text), Some(tighter));
        }
    }
    if old.multiple_of != new.multiple_of {
        let tighter = match (old.multiple_of, new.multiple_of) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            // Multiples of 10 are multiples of 5: a step that divides by the old one is tighter.
            (Some(o), Some(n)) if o != 0.0 && (n / o).fract() == 0.0 => Some(true),
            (Some(o), Some(n)) if n != 0.0 && (o / n).fract() == 0.0 => Some(false),
            _ => None,
        };
        push(
            "multipleOf",
            old.multiple_of.map(number_text),
            new.multiple_of.map(number_text),
            tighter,
        );
    }
    if old.unique_items != new.unique_items {
        push(
            "uniqueItems",
            Some(old.unique_items.to_string()),
            Some(new.unique_items.to_string()),
            Some(new.unique_items),
        );
    }
    let added = new.patterns.iter().any(|p| !old.patterns.contains(p));
    let removed = old.patterns.iter().any(|p| !new.patterns.contains(p));
    if added || removed {
        // A pattern more is stricter, one fewer looser; one for another, neither is sure.
        let tighter = match (added, removed) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
        let text = |patterns: &[String]| (!patterns.is_empty()).then(|| patterns.join("` and `"));
        push("pattern", text(&old.patterns), text(&new.patterns), tighter);
    }
    changes
}

fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

fn bound_text(bound: Bound) -> String {
    if bound.exclusive {
        format!("{} (exclusive)", number_text(bound.value))
    } else {
        number_text(bound.value)
    }
}

/// The parameter of `params` that is `p` in `p_list`: path parameters by their place in the
/// template (their names are not on the wire), headers by name in any case, others by name.
fn find_param<'p>(params: &'p [Param], p: &Param, p_list: &[Param]) -> Option<&'p Param> {
    match p.location {
        ParamLocation::Path => {
            let index = p_list
                .iter()
                .filter(|q| q.location == ParamLocation::Path)
                .position(|q| std::ptr::eq(q, p))?;
            params
                .iter()
                .filter(|q| q.location == ParamLocation::Path)
                .nth(index)
        }
        ParamLocation::Header => params.iter().find(|q| {
            q.location == ParamLocation::Header && q.wire_name.eq_ignore_ascii_case(&p.wire_name)
        }),
        _ => params
            .iter()
            .find(|q| q.wire_name == p.wire_name && q.location == p.location),
    }
}

/// Whether every value of `from` (a type of `from_api`) is a value of `to`.
fn widens(from_api: &Api, from: &Ty, to: &Ty) -> bool {
    let from_enum = match from {
        Ty::Named(id) => match &from_api.ty(*id).kind {
            TypeKind::Enum(e) => Some(e.integer),
            _ => None,
        },
        _ => None,
    };
    matches!(
        (from, to),
        (Ty::I32, Ty::I64)
            | (Ty::F32, Ty::F64)
            | (Ty::I32 | Ty::I64, Ty::F64)
            | (Ty::DateTime | Ty::Date, Ty::String)
            | (_, Ty::Json)
    ) || (from_enum == Some(false) && matches!(to, Ty::String | Ty::Secret))
        || (from_enum == Some(true) && matches!(to, Ty::I64 | Ty::F64))
}

/// What an untagged variant is, independent of its name: an object's sorted property names,
/// or the kind of value.
fn variant_shape(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => {
                let mut names: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
                names.sort_unstable();
                format!("object {{{}}}", names.join(", "))
            }
            TypeKind::Enum(e) if e.integer => "integer".to_owned(),
            TypeKind::Enum(_) => "string".to_owned(),
            TypeKind::Union(_) => "union".to_owned(),
            TypeKind::Alias(inner) => variant_shape(api, inner),
        },
        Ty::Vec(inner) => format!("array of {}", variant_shape(api, inner)),
        Ty::Map(inner) => format!("map of {}", variant_shape(api, inner)),
        Ty::Option(inner) => variant_shape(api, inner),
        Ty::String | Ty::Secret | Ty::DateTime | Ty::Date => "string".to_owned(),
        Ty::I32 | Ty::I64 => "integer".to_owned(),
        Ty::F32 | Ty::F64 => "number".to_owned(),
        Ty::Bool => "boolean".to_owned(),
        Ty::Json | Ty::JsonObject => "any".to_owned(),
        Ty::Bytes => "bytes".to_owned(),
    }
}

fn style_name(p: &Param) -> String {
    let style = p.style.name();
    if p.json {
        format!("JSON content ({style})")
    } else {
        style.to_owned()
    }
}

fn find_response(responses: &[Response], status: StatusMatch) -> Option<&Response> {
    responses.iter().find(|r| r.status == status)
}

fn impact(item: &str, change: RustChange, note: Option<String>) -> RustImpact {
    RustImpact {
        item: item.to_owned(),
        change,
        note,
    }
}

/// The Rust impact of a change of presence or nullability: the field's type changes only when
/// the number of `Option`s around it does.
fn optionality_impact(old: &Field, new: &Field, item: &str) -> Vec<RustImpact> {
    let options = |f: &Field| usize::from(f.optional()) + usize::from(f.explicit_null);
    if options(old) == options(new) {
        return Vec::new();
    }
    let note = match (options(old), options(new)) {
        (_, 0) => "no longer an Option",
        (0, 1) => "now an Option",
        (_, 1) => "now a single Option: null can no longer be sent",
        _ => "now an Option<Option<_>>: None leaves it out, Some(None) sends null",
    };
    vec![impact(item, RustChange::Retyped, Some(note.to_owned()))]
}

fn presence(field: &Field) -> String {
    if field.required {
        "required".into()
    } else {
        "optional".into()
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "object",
        TypeKind::Enum(e) if e.integer => "integer enum",
        TypeKind::Enum(_) => "string enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

fn content_name(content: &Content) -> String {
    match content {
        Content::Empty => "no body".into(),
        Content::Json(_) => "JSON".into(),
        Content::Text => "text".into(),
        Content::Bytes => "bytes".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each changed keyword, with whether it got tighter.
    type Moves = Vec<(&'static str, Option<bool>)>;

    fn moved(old: Constraints, new: Constraints) -> Moves {
        constraint_changes(&old, &new)
            .into_iter()
            .map(|c| (c.name, c.tighter))
            .collect()
    }

    fn bound(value: f64, exclusive: bool) -> Option<Bound> {
        Some(Bound { value, exclusive })
    }

    #[test]
    fn limits_move_tighter_or_looser_by_which_side_they_bound() {
        let c = Constraints::default;
        let cases: Vec<(Constraints, Constraints, Moves)> = vec![
            (c(), c(), vec![]),
            (
                c(),
                Constraints {
                    max_length: Some(5),
                    ..c()
                },
                vec![("maxLength", Some(true))],
            ),
            (
                Constraints {
                    max_length: Some(5),
                    ..c()
                },
                Constraints {
                    max_length: Some(9),
                    ..c()
                },
                vec![("maxLength", Some(false))],
            ),
            (
                Constraints {
                    min_items: Some(1),
                    ..c()
                },
                Constraints {
                    min_items: Some(2),
                    ..c()
                },
                vec![("minItems", Some(true))],
            ),
            (
                Constraints {
                    max_properties: Some(3),
                    ..c()
                },
                c(),
                vec![("maxProperties", Some(false))],
            ),
            (
                Constraints {
                    minimum: bound(0.0, false),
                    ..c()
                },
                Constraints {
                    minimum: bound(0.0, true),
                    ..c()
                },
                vec![("minimum", Some(true))],
            ),
            (
                Constraints {
                    maximum: bound(10.0, false),
                    ..c()
                },
                Constraints {
                    maximum: bound(20.0, true),
                    ..c()
                },
                vec![("maximum", Some(false))],
            ),
            (
                Constraints {
                    minimum: bound(5.0, false),
                    ..c()
                },
                Constraints {
                    minimum: bound(1.0, false),
                    ..c()
                },
                vec![("minimum", Some(false))],
            ),
            (
                Constraints {
                    multiple_of: Some(5.0),
                    ..c()
                },
                Constraints {
                    multiple_of: Some(10.0),
                    ..c()
                },
                vec![("multipleOf", Some(true))],
            ),
            (
                Constraints {
                    multiple_of: Some(10.0),
                    ..c()
                },
                Constraints {
                    multiple_of: Some(5.0),
                    ..c()
                },
                vec![("multipleOf", Some(false))],
            ),
            (
                Constraints {
                    multiple_of: Some(4.0),
                    ..c()
                },
                Constraints {
                    multiple_of: Some(6.0),
                    ..c()
                },
                vec![("multipleOf", None)],
            ),
            (
                c(),
                Constraints {
                    unique_items: true,
                    ..c()
                },
                vec![("uniqueItems", Some(true))],
            ),
            (
                Constraints {
                    patterns: vec!["^a".into()],
                    ..c()
                },
                Constraints {
                    patterns: vec!["^b".into()],
                    ..c()
                },
                vec![("pattern", None)],
            ),
            (
                Constraints {
                    patterns: vec!["^a".into()],
                    ..c()
                },
                c(),
                vec![("pattern", Some(false))],
            ),
            (
                Constraints {
                    min_length: Some(1),
                    max_length: Some(9),
                    ..c()
                },
                Constraints {
                    min_length: Some(2),
                    max_length: Some(8),
                    ..c()
                },
                vec![("minLength", Some(true)), ("maxLength", Some(true))],
            ),
        ];
        for (old, new, expected) in cases {
            assert_eq!(
                moved(old.clone(), new.clone()),
                expected,
                "{old:?} -> {new:?}"
            );
        }
    }

    #[test]
    fn a_wrapper_and_the_schema_it_wraps_both_apply() {
        let c = Constraints::default;
        let mut outer = Constraints {
            max_length: Some(100),
            minimum: bound(0.0, false),
            maximum: bound(9.0, false),
            multiple_of: Some(5.0),
            patterns: vec!["^a".into()],
            ..c()
        };
        outer.intersect(Constraints {
            max_length: Some(50),
            min_length: Some(1),
            minimum: bound(0.0, true),
            maximum: bound(10.0, true),
            multiple_of: Some(10.0),
            patterns: vec!["b$".into(), "^a".into()],
            ..c()
        });
        assert_eq!(
            outer,
            Constraints {
                max_length: Some(50),
                min_length: Some(1),
                minimum: bound(0.0, true),
                maximum: bound(9.0, false),
                multiple_of: Some(10.0),
                patterns: vec!["^a".into(), "b$".into()],
                ..c()
            }
        );
    }

    #[test]
    fn bounds_print_as_written() {
        assert_eq!(
            bound_text(Bound {
                value: 100.0,
                exclusive: false
            }),
            "100"
        );
        assert_eq!(
            bound_text(Bound {
                value: 0.5,
                exclusive: true
            }),
            "0.5 (exclusive)"
        );
        assert_eq!(number_text(1e20), "100000000000000000000");
    }
}
