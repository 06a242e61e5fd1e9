//! An operation's responses: the statuses it documents, what their bodies decode to, and the
//! media types of bodies (a request body's too).

use super::{At, Comparer, Found, impact};
use crate::diff::RustChange;
use crate::diff::kind::{ChangeKind, Flow};
use crate::ir::{Content, Operation, Response, StatusMatch};
use crate::spec::pointer::push_token;
use crate::surface;

impl Comparer<'_> {
    /// The documented statuses of two versions of an operation, paired by status.
    pub(super) fn responses(&mut self, old: &Operation, new: &Operation, at: &At) {
        for r in &new.responses {
            let text = r.status.spec_text();
            let rat = at.child(
                &format!("response {text}"),
                push_token(&format!("{}/responses", new.pointer), &text),
            );
            match find_response(&old.responses, r.status) {
                None => {
                    // A call that succeeds with a status old clients do not know fails for them.
                    let kind = if r.success {
                        ChangeKind::SuccessResponseAdded
                    } else {
                        ChangeKind::ErrorResponseAdded
                    };
                    // The Rust result type changes only where the side becomes (or is) an enum
                    // of responses.
                    let side = if r.success { &new.success } else { &new.error };
                    let found = Found::new(kind, Flow::Response)
                        .values(None, Some(text.clone()))
                        .rust(
                            surface::outcome_path(side)
                                .map(|path| {
                                    impact(
                                        path,
                                        RustChange::Retyped,
                                        Some("a variant for the new status".into()),
                                    )
                                })
                                .into_iter()
                                .collect(),
                        );
                    self.push(&rat, found);
                }
                Some(o) => {
                    let raw = is_raw(&o.content);
                    self.media_types(&o.media_types, &r.media_types, Flow::Response, &rat, raw);
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
                let found = Found::new(ChangeKind::ResponseRemoved, Flow::Response)
                    .values(Some(text), None)
                    .touches(
                        surface::builder_method_path(old, "parse_response"),
                        RustChange::Retyped,
                        None,
                    );
                self.push(&rat, found);
            }
        }
    }

    fn content(&mut self, old: &Content, new: &Content, at: &At, op: &Operation) {
        match (old, new) {
            (Content::Json(a), Content::Json(b)) => {
                self.ty(a, b, Flow::Response, at, &surface::output_path(op));
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {}
            (a, b) => {
                let kind = if is_raw(a) {
                    ChangeKind::RawResponseBodyChanged
                } else {
                    ChangeKind::ResponseBodyChanged
                };
                let found = Found::new(kind, Flow::Response)
                    .values(Some(content_name(a)), Some(content_name(b)))
                    .touches(
                        surface::builder_method_path(op, "parse_response"),
                        RustChange::Retyped,
                        None,
                    );
                self.push(at, found);
            }
        }
    }

    /// Media types added and removed; `raw` when the old client ignores the body or keeps it
    /// as bytes, whatever its media type.
    pub(super) fn media_types(
        &mut self,
        old: &[String],
        new: &[String],
        flow: Flow,
        at: &At,
        raw: bool,
    ) {
        for m in old.iter().filter(|m| !new.contains(m)) {
            let found =
                Found::new(ChangeKind::MediaTypeRemoved, flow).values(Some(m.clone()), None);
            self.push(at, found);
        }
        let added = if raw {
            ChangeKind::MediaTypeAddedToRawResponse
        } else {
            ChangeKind::MediaTypeAdded
        };
        for m in new.iter().filter(|m| !old.contains(m)) {
            let found = Found::new(added, flow).values(None, Some(m.clone()));
            self.push(at, found);
        }
    }
}

/// Whether an old client reads a body of this content raw: it ignores it, or keeps its bytes.
fn is_raw(content: &Content) -> bool {
    matches!(content, Content::Empty | Content::Bytes)
}

fn find_response(responses: &[Response], status: StatusMatch) -> Option<&Response> {
    responses.iter().find(|r| r.status == status)
}

fn content_name(content: &Content) -> String {
    match content {
        Content::Empty => "no body".into(),
        Content::Json(_) => "JSON".into(),
        Content::Text => "text".into(),
        Content::Bytes => "bytes".into(),
    }
}
