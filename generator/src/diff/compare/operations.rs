//! A matched pair of operations: their names, security, parameters, request bodies and
//! response headers. Responses are in `responses`.

use super::{At, Comparer, Found, impact};
use crate::diff::RustChange;
use crate::diff::kind::{ChangeKind, Flow};
use crate::ir::{Operation, Param, ParamLocation, ResponseHeader, ResponseHeaders};
use crate::surface;

impl Comparer<'_> {
    /// Compares two versions of one operation, matched by method and path or by operationId.
    pub(super) fn operation(&mut self, old: &Operation, new: &Operation) {
        // A type used by several operations is reported under each of them.
        self.seen.clear();
        let at = At {
            group: super::route(new),
            features: new.group.iter().cloned().collect(),
            place: String::new(),
            pointer: new.pointer.clone(),
        };
        if old.operation_id != new.operation_id {
            let rust = if old.name != new.name {
                vec![impact(
                    format!(
                        "{} -> {}",
                        surface::operation_path(old),
                        surface::operation_path(new)
                    ),
                    RustChange::Renamed,
                    None,
                )]
            } else {
                vec![]
            };
            let found = Found::new(ChangeKind::OperationIdChanged, Flow::Request)
                .values(
                    Some(old.operation_id.clone()),
                    Some(new.operation_id.clone()),
                )
                .rust(rust);
            self.push(
                &at.child("operationId", format!("{}/operationId", new.pointer)),
                found,
            );
        }
        if !old.deprecated && new.deprecated {
            let found = Found::new(ChangeKind::OperationDeprecated, Flow::Request)
                .values(Some("false".into()), Some("true".into()))
                .touches(surface::operation_path(new), RustChange::Deprecated, None);
            self.push(
                &at.child("deprecated", format!("{}/deprecated", new.pointer)),
                found,
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
        let (old_fields, new_fields) = (header_fields(old), header_fields(new));
        let hat = |wire: &str| at.child(&format!("response header {wire}"), new.pointer.clone());
        for (headers, h) in &new_fields {
            let path = || surface::response_header_path(headers, h);
            match old_fields.iter().find(|(_, o)| o.wire == h.wire) {
                None => {
                    let found = Found::new(ChangeKind::ResponseHeaderAdded, Flow::Response)
                        .values(None, Some(h.wire.clone()))
                        .touches(path(), RustChange::Added, None);
                    self.push(&hat(&h.wire), found);
                }
                Some((_, o)) if o.ty != h.ty => {
                    let (was, is) = (self.ty_name(self.old, &o.ty), self.ty_name(self.new, &h.ty));
                    let found = Found::new(ChangeKind::ResponseHeaderRetyped, Flow::Response)
                        .values(Some(was), Some(is))
                        .touches(path(), RustChange::Retyped, None);
                    self.push(&hat(&h.wire), found);
                }
                Some(_) => {}
            }
        }
        for (headers, o) in old_fields
            .iter()
            .filter(|(_, o)| !new_fields.iter().any(|(_, h)| h.wire == o.wire))
        {
            let found = Found::new(ChangeKind::ResponseHeaderRemoved, Flow::Response)
                .values(Some(o.wire.clone()), None)
                .touches(
                    surface::response_header_path(headers, o),
                    RustChange::Removed,
                    None,
                );
            self.push(&hat(&o.wire), found);
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
        let kind = if still_accepted {
            ChangeKind::SecurityStillAccepted
        } else {
            ChangeKind::SecurityNoLongerAccepted
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
                    surface::builder_method_path(new, &a.3),
                    RustChange::Added,
                    None,
                )
            })
            .chain(lost.iter().map(|b| {
                impact(
                    surface::builder_method_path(old, &b.3),
                    RustChange::Removed,
                    None,
                )
            }))
            .collect();
        let found = Found::new(kind, Flow::Request)
            .values(Some(names(&before)), Some(names(&after)))
            .rust(rust);
        self.push(&at, found);
    }

    fn params(&mut self, old: &Operation, new: &Operation, at: &At) {
        for p in &new.params {
            let pat = at.child(
                &format!("{} parameter {}", param_place(p.location), p.wire_name),
                p.pointer.clone(),
            );
            match find_param(&old.params, p, &new.params) {
                Some(o) => self.param(new, o, p, &pat),
                None => {
                    if let Some(o) = old.params.iter().find(|q| q.wire_name == p.wire_name) {
                        let found = Found::new(ChangeKind::ParameterMoved, Flow::Request).values(
                            Some(param_place(o.location).into()),
                            Some(param_place(p.location).into()),
                        );
                        self.push(&pat, found);
                        continue;
                    }
                    // A required parameter is an argument of `new`; an optional one a setter.
                    let (kind, item, change) = if p.required {
                        (
                            ChangeKind::ParameterAddedRequired,
                            surface::builder_method_path(new, "new"),
                            RustChange::Retyped,
                        )
                    } else {
                        (
                            ChangeKind::ParameterAdded,
                            surface::builder_method_path(new, &p.name),
                            RustChange::Added,
                        )
                    };
                    let found = Found::new(kind, Flow::Request)
                        .values(None, Some(p.wire_name.clone()))
                        .touches(item, change, None);
                    self.push(&pat, found);
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
                let (item, change) = if o.required {
                    (
                        surface::builder_method_path(old, "new"),
                        RustChange::Retyped,
                    )
                } else {
                    (
                        surface::builder_method_path(old, &o.name),
                        RustChange::Removed,
                    )
                };
                let found = Found::new(ChangeKind::ParameterRemoved, Flow::Request)
                    .values(Some(o.wire_name.clone()), None)
                    .touches(item, change, None);
                self.push(&pat, found);
            }
        }
    }

    fn param(&mut self, new_op: &Operation, o: &Param, p: &Param, at: &At) {
        if o.required != p.required {
            let (kind, note) = if p.required {
                (ChangeKind::ParameterMadeRequired, "takes it now")
            } else {
                (
                    ChangeKind::ParameterMadeOptional,
                    "no longer takes it: it is a setter",
                )
            };
            let found = Found::new(kind, Flow::Request)
                .values(Some(o.required.to_string()), Some(p.required.to_string()))
                .touches(
                    surface::builder_method_path(new_op, "new"),
                    RustChange::Retyped,
                    Some(note.into()),
                );
            self.push(at, found);
        }
        if o.default != p.default {
            let text = |v: &Option<serde_json::Value>| {
                v.as_ref().map_or("none".to_owned(), ToString::to_string)
            };
            let kind = if p.required {
                ChangeKind::RequiredParameterDefaultChanged
            } else {
                ChangeKind::OptionalParameterDefaultChanged
            };
            let found = Found::new(kind, Flow::Request)
                .values(Some(text(&o.default)), Some(text(&p.default)));
            self.push(at, found);
        }
        if o.style != p.style || o.json != p.json {
            let found = Found::new(ChangeKind::ParameterStyleChanged, Flow::Request)
                .values(Some(style_name(o)), Some(style_name(p)));
            self.push(at, found);
        }
        self.constraints(&o.constraints, &p.constraints, Flow::Request, at);
        self.ty(
            &o.ty,
            &p.ty,
            Flow::Request,
            at,
            &surface::builder_method_path(new_op, &p.name),
        );
    }

    fn body(&mut self, old: &Operation, new: &Operation, at: &At) {
        let bat = at.child("request body", format!("{}/requestBody", new.pointer));
        match (&old.body, &new.body) {
            (None, None) => {}
            (None, Some(b)) => {
                // A required body is an argument of `new`; an optional one a setter.
                let (kind, item, change) = if b.required {
                    (
                        ChangeKind::RequiredRequestBodyAdded,
                        surface::builder_method_path(new, "new"),
                        RustChange::Retyped,
                    )
                } else {
                    (
                        ChangeKind::OptionalRequestBodyAdded,
                        surface::builder_method_path(new, "body"),
                        RustChange::Added,
                    )
                };
                let found = Found::new(kind, Flow::Request)
                    .values(None, Some(b.content_type.clone()))
                    .touches(item, change, None);
                self.push(&bat, found);
            }
            (Some(b), None) => {
                let found = Found::new(ChangeKind::RequestBodyRemoved, Flow::Request)
                    .values(Some(b.content_type.clone()), None)
                    .touches(
                        surface::builder_method_path(new, "new"),
                        RustChange::Retyped,
                        None,
                    );
                self.push(&bat, found);
            }
            (Some(o), Some(n)) => {
                self.media_types(&o.media_types, &n.media_types, Flow::Request, &bat, false);
                if o.required != n.required {
                    let kind = if n.required {
                        ChangeKind::RequestBodyMadeRequired
                    } else {
                        ChangeKind::RequestBodyMadeOptional
                    };
                    let found = Found::new(kind, Flow::Request)
                        .values(Some(o.required.to_string()), Some(n.required.to_string()))
                        .touches(
                            surface::builder_method_path(new, "new"),
                            RustChange::Retyped,
                            None,
                        );
                    self.push(&bat, found);
                }
                self.ty(
                    &o.ty,
                    &n.ty,
                    Flow::Request,
                    &bat,
                    &surface::body_argument_path(new),
                );
            }
        }
    }
}

/// Each response header of `op`, with the struct it is read into.
fn header_fields(op: &Operation) -> Vec<(&ResponseHeaders, &ResponseHeader)> {
    op.response_headers
        .iter()
        .flat_map(|h| h.fields.iter().map(move |f| (h, f)))
        .collect()
}

fn param_place(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
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

fn style_name(p: &Param) -> String {
    let style = p.style.name();
    if p.json {
        format!("JSON content ({style})")
    } else {
        style.to_owned()
    }
}
