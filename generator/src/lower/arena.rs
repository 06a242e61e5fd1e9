//! The arena of types: the one place a [`TypeDef`] is made. A type is reserved first, with its
//! name and place, so that a reference back to it from inside its own schema resolves; its
//! kind is defined once that schema is lowered.

use super::*;

/// Every type lowered so far, by [`TypeId`].
#[derive(Default)]
pub(super) struct Arena {
    types: Vec<TypeDef>,
}

/// What a type is known by before its schema is lowered.
pub(super) struct Reserved {
    pub(super) name: String,
    pub(super) schema_name: Option<String>,
    pub(super) pointer: String,
    pub(super) doc: Option<String>,
    pub(super) deprecated: bool,
}

impl Arena {
    /// A new type, an alias of any JSON value until [`Arena::define`] says what it is.
    pub(super) fn reserve(&mut self, reserved: Reserved) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: reserved.name,
            schema_name: reserved.schema_name,
            pointer: reserved.pointer,
            doc: reserved.doc,
            deprecated: reserved.deprecated,
            kind: TypeKind::Alias(Ty::Json),
            serialize: true,
            deserialize: true,
        });
        id
    }

    /// Says what the reserved type `id` is.
    pub(super) fn define(&mut self, id: TypeId, kind: TypeKind) {
        if let Some(def) = self.types.get_mut(id.0) {
            def.kind = kind;
        }
    }

    pub(super) fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.0)
    }

    /// The types, in the order they were reserved.
    pub(super) fn into_types(self) -> Vec<TypeDef> {
        self.types
    }
}
