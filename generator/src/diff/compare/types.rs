//! Two uses of a type: its Rust type, and for a named one its fields, enum values or union
//! variants, followed down into the types they hold.

use super::{At, Comparer, Found, impact};
use crate::diff::kind::{ChangeKind, Flow};
use crate::diff::{RustChange, RustImpact};
use crate::ir::{Api, Field, Ty, TypeId, TypeKind, Union, UnionVariant};
use crate::surface;

impl Comparer<'_> {
    /// Compares two uses of a type; `item` is the Rust item that holds it.
    pub(super) fn ty(&mut self, old: &Ty, new: &Ty, flow: Flow, at: &At, item: &str) {
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
                let found = Found::new(ChangeKind::ItemsMadeRequired, flow)
                    .values(Some("nullable".into()), Some("not null".into()))
                    .touches(
                        item.to_owned(),
                        RustChange::Retyped,
                        Some("items are no longer Options".into()),
                    );
                self.push(at, found);
                self.ty(a, b, flow, at, item);
            }
            (a, Ty::Option(b)) => {
                let found = Found::new(ChangeKind::ItemsMadeNullable, flow)
                    .values(Some("not null".into()), Some("nullable".into()))
                    .touches(
                        item.to_owned(),
                        RustChange::Retyped,
                        Some("items are Options now".into()),
                    );
                self.push(at, found);
                self.ty(a, b, flow, at, item);
            }
            (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => {}
            _ => {
                let kind = match (old, new) {
                    (Ty::String, Ty::Secret) | (Ty::Secret, Ty::String) => {
                        ChangeKind::FormatChanged
                    }
                    // Every old value is a new one: the type got wider.
                    _ if widens(self.old, old, new) => ChangeKind::TypeWidened,
                    // Every new value is an old one: the type got narrower.
                    _ if widens(self.new, new, old) => ChangeKind::TypeNarrowed,
                    _ => ChangeKind::TypeChanged,
                };
                let found = Found::new(kind, flow)
                    .values(
                        Some(self.ty_name(self.old, old)),
                        Some(self.ty_name(self.new, new)),
                    )
                    .touches(item.to_owned(), RustChange::Retyped, None);
                self.push(at, found);
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

    /// The Rust spelling of a type.
    pub(super) fn ty_name(&self, api: &Api, ty: &Ty) -> String {
        surface::ty(api, ty)
    }

    /// Compares two named types, `a` of the old version and `b` of the new one.
    pub(super) fn named(&mut self, a: TypeId, b: TypeId, flow: Flow, at: &At) {
        if !self.seen.insert((a, b, flow)) {
            return;
        }
        let (old, new) = (self.old.ty(a), self.new.ty(b));
        // Changes to the type itself (its values, its variants) point at its schema.
        let at = &At {
            group: at.group.clone(),
            features: at.features.clone(),
            place: at.place.clone(),
            pointer: new.pointer.clone(),
        };
        if old.name != new.name {
            let found = Found::new(ChangeKind::TypeRenamed, flow)
                .values(Some(old.name.clone()), Some(new.name.clone()))
                .touches(
                    format!(
                        "{} -> {}",
                        surface::model_path(self.old, a),
                        surface::model_path(self.new, b)
                    ),
                    RustChange::Renamed,
                    None,
                );
            self.push(at, found);
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(o), TypeKind::Struct(n)) => {
                for field in &n.fields {
                    let fat = at.child(&field.wire_name, field.pointer.clone());
                    match o.fields.iter().find(|f| f.wire_name == field.wire_name) {
                        Some(of) => self.field(of, field, flow, &fat, b),
                        None => self.field_added(field, flow, &fat, b),
                    }
                }
                for of in &o.fields {
                    if !n.fields.iter().any(|f| f.wire_name == of.wire_name) {
                        let fat = at.child(&of.wire_name, of.pointer.clone());
                        let kind = if of.required {
                            ChangeKind::RequiredPropertyRemoved
                        } else {
                            ChangeKind::OptionalPropertyRemoved
                        };
                        let found = Found::new(kind, flow)
                            .values(Some(of.wire_name.clone()), None)
                            .touches(
                                surface::field_path(self.old, a, of),
                                RustChange::Removed,
                                None,
                            );
                        self.push(&fat, found);
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
                        let found = Found::new(ChangeKind::EnumVariantRenamed, flow)
                            .values(Some(w.name.clone()), Some(v.name.clone()))
                            .because(format!("the value `{}` is the same on the wire", v.wire))
                            .touches(
                                surface::variant_path(self.old, a, &w.name),
                                RustChange::Renamed,
                                Some(format!("now `{}`", v.name)),
                            );
                        self.push(at, found);
                    }
                }
                for v in n
                    .variants
                    .iter()
                    .filter(|v| !o.variants.iter().any(|w| w.wire == v.wire))
                {
                    let found = Found::new(ChangeKind::EnumValueAdded, flow)
                        .values(None, Some(v.wire.clone()))
                        .touches(
                            surface::variant_path(self.new, b, &v.name),
                            RustChange::Added,
                            Some(format!(
                                "a `match` without a wildcard needs the new arm; `{}` used to decode to `{}`",
                                v.wire, o.unknown
                            )),
                        );
                    self.push(at, found);
                }
                for v in o
                    .variants
                    .iter()
                    .filter(|v| !n.variants.iter().any(|w| w.wire == v.wire))
                {
                    let found = Found::new(ChangeKind::EnumValueRemoved, flow)
                        .values(Some(v.wire.clone()), None)
                        .touches(
                            surface::variant_path(self.old, a, &v.name),
                            RustChange::Removed,
                            None,
                        );
                    self.push(at, found);
                }
            }
            (TypeKind::Union(o), TypeKind::Union(n)) => {
                if o.tag != n.tag {
                    let found = Found::new(ChangeKind::DiscriminatorChanged, flow)
                        .values(o.tag.clone(), n.tag.clone())
                        .touches(surface::model_path(self.new, b), RustChange::Retyped, None);
                    self.push(at, found);
                }
                let old_keys: Vec<String> = o
                    .variants
                    .iter()
                    .map(|w| variant_key(self.old, w))
                    .collect();
                let mut paired = vec![false; o.variants.len()];
                for v in &n.variants {
                    let k = variant_key(self.new, v);
                    let path = surface::variant_path(self.new, b, &v.name);
                    match pair_variant(self.old, o, &old_keys, &paired, self.new, v, &k) {
                        Some(index) => {
                            paired[index] = true;
                            let vat = at.child(&k, at.pointer.clone());
                            self.ty(&o.variants[index].ty, &v.ty, flow, &vat, &path);
                        }
                        None => {
                            let found = Found::new(ChangeKind::UnionVariantAdded, flow)
                                .values(None, Some(k))
                                .touches(
                                    path,
                                    RustChange::Added,
                                    Some("a `match` on the enum needs the new arm".into()),
                                );
                            self.push(at, found);
                        }
                    }
                }
                for (w, k) in o
                    .variants
                    .iter()
                    .zip(old_keys)
                    .zip(paired)
                    .filter_map(|(pair, paired)| (!paired).then_some(pair))
                {
                    let found = Found::new(ChangeKind::UnionVariantRemoved, flow)
                        .values(Some(k), None)
                        .touches(
                            surface::variant_path(self.old, a, &w.name),
                            RustChange::Removed,
                            None,
                        );
                    self.push(at, found);
                }
            }
            (TypeKind::Alias(_), _) | (_, TypeKind::Alias(_)) => {
                // Compare what the aliases stand for; `ty` resolves them.
                let item = surface::model_path(self.new, b);
                self.ty(&Ty::Named(a), &Ty::Named(b), flow, at, &item);
            }
            (ok, nk) => {
                let found = Found::new(ChangeKind::ShapeChanged, flow)
                    .values(Some(kind_name(ok).into()), Some(kind_name(nk).into()))
                    .touches(surface::model_path(self.new, b), RustChange::Retyped, None);
                self.push(at, found);
            }
        }
    }

    /// A field of the new version of the struct `owner` that the old one lacks.
    fn field_added(&mut self, field: &Field, flow: Flow, at: &At, owner: TypeId) {
        // The kind's name says the direction.
        let kind = match (flow, field.required) {
            (Flow::Request, true) => ChangeKind::RequestPropertyAddedRequired,
            (Flow::Request, false) => ChangeKind::RequestPropertyAdded,
            (Flow::Response, _) => ChangeKind::ResponsePropertyAdded,
        };
        let note = (flow == Flow::Request).then(|| "struct literals must name it".to_owned());
        let found = Found::new(kind, flow)
            .values(None, Some(field.wire_name.clone()))
            .touches(
                surface::field_path(self.new, owner, field),
                RustChange::Added,
                note,
            );
        self.push(at, found);
    }

    /// A field in both versions; `owner` is the new version's struct.
    fn field(&mut self, of: &Field, nf: &Field, flow: Flow, at: &At, owner: TypeId) {
        let item = surface::field_path(self.new, owner, nf);
        if of.required != nf.required {
            let kind = if nf.required {
                ChangeKind::PropertyMadeRequired
            } else {
                ChangeKind::PropertyMadeOptional
            };
            let found = Found::new(kind, flow)
                .values(Some(presence(of)), Some(presence(nf)))
                .rust(optionality_impact(of, nf, &item));
            self.push(at, found);
        }
        if of.nullable != nf.nullable {
            let kind = if nf.nullable {
                ChangeKind::PropertyMadeNullable
            } else {
                ChangeKind::PropertyMadeNonNullable
            };
            let found = Found::new(kind, flow)
                .values(Some(of.nullable.to_string()), Some(nf.nullable.to_string()))
                .rust(optionality_impact(of, nf, &item));
            self.push(at, found);
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
            let found = Found::new(ChangeKind::PropertyNullHandlingChanged, flow)
                .values(Some(shape(of).to_owned()), Some(shape(nf).to_owned()))
                .rust(optionality_impact(of, nf, &item));
            self.push(at, found);
        }
        self.constraints(&of.constraints, &nf.constraints, flow, at);
        self.ty(&of.ty, &nf.ty, flow, at, &item);
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

/// What a union variant pairs by: its tag value, or, untagged, its shape (its Rust name
/// follows where the schema is declared, which may move).
fn variant_key(api: &Api, variant: &UnionVariant) -> String {
    variant
        .tag_value
        .clone()
        .unwrap_or_else(|| variant_shape(api, &variant.ty))
}

/// The old variant a new one pairs with, among those not paired yet: one with the same key,
/// preferring the same schema, then the same Rust name, then the first in order. Several
/// untagged variants may share a shape (objects with the same property names), so the key
/// alone would pair them all with the first.
fn pair_variant(
    old_api: &Api,
    old: &Union,
    old_keys: &[String],
    paired: &[bool],
    new_api: &Api,
    variant: &UnionVariant,
    key: &str,
) -> Option<usize> {
    let schema = |api: &Api, v: &UnionVariant| match &v.ty {
        Ty::Named(id) => api.ty(*id).schema_name.clone(),
        _ => None,
    };
    let new_schema = schema(new_api, variant);
    let candidates: Vec<usize> = (0..old.variants.len())
        .filter(|&i| !paired[i] && old_keys[i] == key)
        .collect();
    let same_schema = candidates
        .iter()
        .copied()
        .find(|&i| new_schema.is_some() && schema(old_api, &old.variants[i]) == new_schema);
    let same_name = || {
        candidates
            .iter()
            .copied()
            .find(|&i| old.variants[i].name == variant.name)
    };
    same_schema
        .or_else(same_name)
        .or_else(|| candidates.first().copied())
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
    vec![impact(
        item.to_owned(),
        RustChange::Retyped,
        Some(note.to_owned()),
    )]
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
