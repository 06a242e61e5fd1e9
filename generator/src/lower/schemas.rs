//! Schemas to types: named and inline types, structs (with `allOf` merged), unions and their
//! tags, enums, and the `Ty` each use of a schema gets.

use super::*;

impl<'a> Lowerer<'a> {
    /// A new inline type, named from its context.
    pub(super) fn add_type(
        &mut self,
        hint: &str,
        pointer: &str,
        schema: &'a Schema,
        read: Read,
    ) -> TypeId {
        let name = self.type_names.claim(&type_name(hint));
        let id = self.types.reserve(Reserved {
            name: name.clone(),
            schema_name: None,
            pointer: pointer.to_owned(),
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
        });
        self.inline_types.insert((pointer.to_owned(), read), id);
        let kind = self
            .define(schema, pointer, &name, read)
            .unwrap_or(TypeKind::Alias(Ty::Json));
        self.types.define(id, kind);
        id
    }

    /// The type a `$ref` names.
    pub(super) fn reference(&mut self, reference: &str, pointer: &str, read: Read) -> Ty {
        let key = (reference.to_owned(), read);
        if let Some(ty) = self.inner_types.get(&key) {
            return ty.clone();
        }
        if let Some(schema) = self.inner.get(reference) {
            let at = reference.trim_start_matches('#');
            let hint = inner_name(reference, self.document);
            if let Some(id) = self.inline_types.get(&(at.to_owned(), read)) {
                return Ty::Named(*id);
            }
            if shape(&view(schema)).is_some() {
                // Reserve the type first, so that a reference back to it from inside resolves.
                let name = self.type_names.claim(&type_name(&hint));
                let id = self.types.reserve(Reserved {
                    name: name.clone(),
                    schema_name: None,
                    pointer: at.to_owned(),
                    doc: schema.schema_data.description.clone(),
                    deprecated: schema.schema_data.deprecated,
                });
                self.inner_types.insert(key, Ty::Named(id));
                self.inline_types.insert((at.to_owned(), read), id);
                let kind = self
                    .define(schema, at, &name, read)
                    .unwrap_or(TypeKind::Alias(Ty::Json));
                self.types.define(id, kind);
                return Ty::Named(id);
            }
            self.inner_types.insert(key.clone(), Ty::Json);
            let (ty, _) = self.ty(SchemaRef::Item(schema), at, &hint, read);
            self.inner_types.insert(key, ty.clone());
            return ty;
        }
        let component = reference
            .strip_prefix(COMPONENT_SCHEMA)
            .map(unescape)
            .filter(|name| self.schema_ids.contains_key(name));
        if let Some(name) = component.as_ref().filter(|_| read == Read::Part) {
            return self.part_component(name, pointer);
        }
        match component.and_then(|name| self.schema_ids.get(&name)) {
            Some(id) => Ty::Named(*id),
            None => {
                self.problem(
                    pointer,
                    format!("`$ref: {reference}` does not point at a schema"),
                );
                Ty::Json
            }
        }
    }

    /// A named schema read as multipart parts: a type of its own if it holds binary data
    /// somewhere (bytes there, a string in JSON), named after the schema's type with `Part`;
    /// else the schema's type.
    fn part_component(&mut self, name: &str, at: &str) -> Ty {
        if let Some(ty) = self.part_components.get(name) {
            return ty.clone();
        }
        let json = Ty::Named(self.schema_ids[name]);
        let component = self
            .document
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name));
        let mut seen = std::collections::BTreeSet::new();
        let binary = component.is_some_and(|c| self.holds_binary(SchemaRef::from(c), &mut seen));
        let schema = match component {
            Some(ReferenceOr::Item(schema)) if binary => schema,
            // An alias is read as what it names.
            Some(ReferenceOr::Reference { reference }) if binary => {
                let ty = self.reference(reference, at, Read::Part);
                self.part_components.insert(name.to_owned(), ty.clone());
                return ty;
            }
            _ => {
                self.part_components.insert(name.to_owned(), json.clone());
                return json;
            }
        };
        let pointer = push_token("/components/schemas", name);
        let json_name = self
            .types
            .get(self.schema_ids[name])
            .map(|t| t.name.clone());
        let rust = self.type_names.claim(&format!(
            "{}Part",
            json_name.unwrap_or_else(|| type_name(name))
        ));
        let id = self.types.reserve(Reserved {
            name: rust.clone(),
            schema_name: None,
            pointer: pointer.clone(),
            doc: doc_of(schema),
            deprecated: schema.schema_data.deprecated,
        });
        self.part_components.insert(name.to_owned(), Ty::Named(id));
        let kind = self.define_or_alias(schema, &pointer, &rust, Read::Part);
        self.types.define(id, kind);
        Ty::Named(id)
    }

    /// Whether a `format: binary` string is anywhere in the schema, through its properties,
    /// items, extra properties, compositions and `$ref`s.
    fn holds_binary(
        &self,
        schema: SchemaRef<'a>,
        seen: &mut std::collections::BTreeSet<String>,
    ) -> bool {
        if let SchemaRef::Ref(reference) = schema {
            if !seen.insert(reference.to_owned()) {
                return false;
            }
        }
        let Some(schema) = self.resolve(schema) else {
            return false;
        };
        let v = view(schema);
        if v.typ == Some("string") && v.format == Some("binary") {
            return true;
        }
        let held = v
            .properties
            .into_iter()
            .flat_map(|p| p.values())
            .chain(v.items)
            .any(|s| self.holds_binary(SchemaRef::from(s), seen));
        let composed = v
            .all_of
            .iter()
            .chain(v.one_of)
            .chain(v.any_of)
            .any(|s| self.holds_binary(SchemaRef::from(s), seen));
        let extra = match v.additional {
            Some(AdditionalProperties::Schema(s)) => {
                self.holds_binary(SchemaRef::from(s.as_ref()), seen)
            }
            _ => false,
        };
        held || composed || extra
    }

    /// The kind of the named type `name` for `schema`: what the schema defines, or else an
    /// alias of the type its use gets (a primitive, a list, a map).
    pub(super) fn define_or_alias(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        name: &str,
        read: Read,
    ) -> TypeKind {
        match self.define(schema, pointer, name, read) {
            Some(kind) => kind,
            None => TypeKind::Alias(self.ty(SchemaRef::Item(schema), pointer, name, read).0),
        }
    }

    /// The schema a `$ref` names, to look inside it. A component that is only an alias of
    /// another (`ItemBase: {$ref: Base}`) is followed to what it names.
    pub(super) fn resolve(&self, schema: SchemaRef<'a>) -> Option<&'a Schema> {
        let mut schema = schema;
        // A chain of aliases longer than this is a cycle, which validation reports.
        for _ in 0..32 {
            let reference = match schema {
                SchemaRef::Item(s) => return Some(s),
                SchemaRef::Ref(reference) => reference,
            };
            if let Some(schema) = self.inner.get(reference) {
                return Some(schema);
            }
            let name = unescape(reference.strip_prefix(COMPONENT_SCHEMA)?);
            schema = match self.document.components.as_ref()?.schemas.get(&name)? {
                ReferenceOr::Item(s) => SchemaRef::Item(s),
                ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            };
        }
        None
    }

    /// If the schema is a type of its own (a struct, enum or union), its definition.
    pub(super) fn define(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        name: &str,
        read: Read,
    ) -> Option<TypeKind> {
        let v = view(schema);
        let discriminator = schema.schema_data.discriminator.as_ref();
        Some(match shape(&v)? {
            Shape::Union(branches, key) => {
                TypeKind::Union(self.union(branches, discriminator, pointer, key, name, read))
            }
            Shape::Merged => TypeKind::Struct(self.merged_struct(schema, pointer, name, read)),
            Shape::Struct => {
                let properties = own_properties(&v, pointer);
                TypeKind::Struct(self.structure(
                    properties,
                    v.required,
                    v.additional,
                    pointer,
                    name,
                    read,
                ))
            }
            Shape::StringEnum => TypeKind::Enum(string_enum(&v.strings)),
            Shape::IntegerEnum => TypeKind::Enum(integer_enum(&v.integers, schema)),
        })
    }

    /// The type of a schema used in place: a field, an item, a parameter, a body.
    /// Returns the type and whether `null` is allowed.
    pub(super) fn ty(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        hint: &str,
        read: Read,
    ) -> (Ty, bool) {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                // A field that refers to a nullable schema is nullable.
                let nullable = self
                    .resolve(SchemaRef::Ref(reference))
                    .is_some_and(|s| s.schema_data.nullable);
                return (self.reference(reference, pointer, read), nullable);
            }
            SchemaRef::Item(schema) => schema,
        };
        let nullable = schema.schema_data.nullable;
        let v = view(schema);

        // `allOf: [one]` (often a `$ref` with a description beside it) is that one type.
        if v.all_of.len() == 1 && v.properties.is_none() {
            let (ty, inner_nullable) = self.ty(
                SchemaRef::from(&v.all_of[0]),
                &format!("{pointer}/allOf/0"),
                hint,
                read,
            );
            return (ty, nullable || inner_nullable);
        }
        for (branches, key) in [(v.one_of, "oneOf"), (v.any_of, "anyOf")] {
            if branches.len() == 1 {
                let (ty, inner_nullable) = self.ty(
                    SchemaRef::from(&branches[0]),
                    &format!("{pointer}/{key}/0"),
                    hint,
                    read,
                );
                return (ty, nullable || inner_nullable);
            }
        }
        if shape(&v).is_some() {
            if let Some(id) = self.inline_types.get(&(pointer.to_owned(), read)) {
                return (Ty::Named(*id), nullable);
            }
            let id = self.add_type(hint, pointer, schema, read);
            return (Ty::Named(id), nullable);
        }
        let ty = match v.typ {
            Some("string") => match v.format {
                Some("date-time") => Ty::DateTime,
                Some("date") => Ty::Date,
                Some("password") => Ty::Secret,
                // Raw bytes only where a body part can carry them; in JSON it is a string.
                Some("binary") if read == Read::Part => Ty::Bytes,
                _ => Ty::String,
            },
            Some("integer") => match v.format {
                Some("int32") => Ty::I32,
                _ => Ty::I64,
            },
            Some("number") => match v.format {
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            Some("boolean") => Ty::Bool,
            Some("array") => {
                let item = match v.items {
                    Some(items) => {
                        let (ty, nullable) = self.ty(
                            SchemaRef::from(items),
                            &format!("{pointer}/items"),
                            &format!("{hint}Item"),
                            read,
                        );
                        nullable_ty(ty, nullable)
                    }
                    None => Ty::Json,
                };
                Ty::Vec(Box::new(item))
            }
            Some("object") | None => match v.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let (ty, nullable) = self.ty(
                        SchemaRef::from(value.as_ref()),
                        &format!("{pointer}/additionalProperties"),
                        &format!("{hint}Value"),
                        read,
                    );
                    Ty::Map(Box::new(nullable_ty(ty, nullable)))
                }
                _ if v.typ == Some("object") => Ty::JsonObject,
                _ => Ty::Json,
            },
            Some(other) => {
                self.problem(pointer, format!("unknown schema type `{other}`"));
                Ty::Json
            }
        };
        (ty, nullable)
    }

    /// The constraints of a schema used in place, through `$ref`s and one-branch wrappers
    /// (`allOf: [$ref]` with siblings beside it), which all apply.
    pub(super) fn constraints(&self, schema: SchemaRef<'a>, depth: usize) -> Constraints {
        let Some(schema) = self.resolve(schema) else {
            return Constraints::default();
        };
        let mut constraints = own_constraints(schema);
        let wrapped = match &schema.schema_kind {
            SchemaKind::AllOf { all_of: branches }
            | SchemaKind::OneOf { one_of: branches }
            | SchemaKind::AnyOf { any_of: branches } => Some(branches),
            SchemaKind::Any(a) if a.properties.is_empty() => [&a.all_of, &a.one_of, &a.any_of]
                .into_iter()
                .find(|branches| branches.len() == 1),
            _ => None,
        }
        .filter(|branches| branches.len() == 1);
        // The depth limit ends a cycle of wrappers, which validation reports elsewhere.
        if let Some(branches) = wrapped.filter(|_| depth < 16) {
            constraints.intersect(self.constraints(SchemaRef::from(&branches[0]), depth + 1));
        }
        constraints
    }

    pub(super) fn structure(
        &mut self,
        properties: Vec<Property<'a>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        name: &str,
        read: Read,
    ) -> Struct {
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(properties.len());
        for Property {
            wire,
            schema,
            pointer: at,
        } in properties
        {
            let hint = format!("{name}{}", type_name(wire));
            let (mut ty, nullable) = self.ty(SchemaRef::from(schema), &at, &hint, read);
            if ty == Ty::String && self.settings.secret_properties.iter().any(|s| s == wire) {
                ty = Ty::Secret;
            }
            let data = match schema {
                ReferenceOr::Item(s) => Some(&s.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let deprecated = data.is_some_and(|d| d.deprecated);
            // A read-only property is left out of requests and a write-only one out of
            // responses, so neither can be required of a type used both ways.
            let read_only = data.is_some_and(|d| d.read_only);
            let write_only = data.is_some_and(|d| d.write_only);
            let mut notes: Vec<String> = Vec::new();
            if read_only {
                notes.push("Read-only: sent by the server, never in a request.".to_owned());
            }
            if write_only {
                notes.push("Write-only: sent in requests, never in a response.".to_owned());
            }
            if let Some(default) = data.and_then(|d| d.default.as_ref()) {
                notes.push(format!("Default: `{default}`."));
            }
            let description = data.and_then(|d| d.description.clone().or(d.title.clone()));
            let doc = match (description, notes.is_empty()) {
                (description, true) => description,
                (Some(description), false) => Some(format!("{description}\n\n{}", notes.join(" "))),
                (None, false) => Some(notes.join(" ")),
            };
            fields.push(Field {
                name: names.claim(&field_name(wire)),
                wire_name: wire.to_owned(),
                ty,
                required: required.iter().any(|r| r == wire) && !read_only && !write_only,
                nullable,
                boxed: false,
                doc,
                deprecated,
                constraints: self.constraints(SchemaRef::from(schema), 0),
                explicit_null: false,
                pointer: at.clone(),
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let (ty, _) = self.ty(
                    SchemaRef::from(value.as_ref()),
                    &format!("{pointer}/additionalProperties"),
                    &format!("{name}Value"),
                    read,
                );
                Some(ty)
            }
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        };
        Struct {
            fields,
            additional,
            additional_name: names.claim("additional_properties"),
            envelope: None,
        }
    }

    /// `allOf`: the properties of every branch, merged into one struct; a later branch's
    /// property replaces an earlier one of the same name.
    pub(super) fn merged_struct(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        name: &str,
        read: Read,
    ) -> Struct {
        let mut merge = Merge {
            properties: Vec::new(),
            required: Vec::new(),
            path: vec![pointer.to_owned()],
            merged: std::collections::BTreeSet::new(),
        };
        self.collect_properties(schema, pointer, &mut merge);
        self.structure(merge.properties, &merge.required, None, pointer, name, read)
    }

    pub(super) fn collect_properties(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        merge: &mut Merge<'a>,
    ) {
        if merge.path.len() > 64 {
            self.problem(pointer, "`allOf` nests more than 64 levels deep");
            return;
        }
        let v = view(schema);
        for (i, branch) in v.all_of.iter().enumerate() {
            let at = format!("{pointer}/allOf/{i}");
            let Some(inner) = self.resolve(SchemaRef::from(branch)) else {
                self.problem(&at, "an `allOf` branch must be an object schema");
                continue;
            };
            let inner_at = match branch {
                ReferenceOr::Reference { reference } => {
                    reference.strip_prefix('#').unwrap_or(reference).to_owned()
                }
                ReferenceOr::Item(_) => at.clone(),
            };
            if merge.path.contains(&inner_at) {
                self.problem(
                    &at,
                    format!("`allOf` refers back to `#{inner_at}`, which it is part of"),
                );
                continue;
            }
            // A schema merged once already adds nothing the second time; skipping it keeps
            // `allOf`s that share branches (`A: [B, B]`, `B: [C, C]`, ...) from doubling the
            // work at every level.
            if !merge.merged.insert(inner_at.clone()) {
                continue;
            }
            merge.path.push(inner_at.clone());
            self.collect_properties(inner, &inner_at, merge);
            merge.path.pop();
        }
        let (properties, required) = (&mut merge.properties, &mut merge.required);
        for property in own_properties(&v, pointer) {
            match properties.iter_mut().find(|p| p.wire == property.wire) {
                Some(slot) => *slot = property,
                None => properties.push(property),
            }
        }
        for r in v.required {
            if !required.contains(r) {
                required.push(r.clone());
            }
        }
    }

    pub(super) fn union(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &str,
        key: &str,
        name: &str,
        read: Read,
    ) -> Union {
        // Each branch's type, the tag values it answers to, and its title.
        let mut lowered: Vec<(Ty, Vec<String>, Option<String>)> = Vec::new();
        // Tag values read from the branches' own properties, reported if the union is tagged.
        let mut read_from_properties = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let at = format!("{pointer}/{key}/{i}");
            let resolved = self.resolve(SchemaRef::from(branch));
            let title = resolved.and_then(|s| s.schema_data.title.clone());
            let tags = match discriminator {
                Some(d) => {
                    let (tags, read) = self.tag_values(d, branch, resolved, &at);
                    read_from_properties.extend(read);
                    tags
                }
                None => Vec::new(),
            };
            // An inline branch's type is named after the union and the branch's title, or its
            // one tag value: `ShapeCircle`, else `ShapeVariant0`.
            let branch_name = match (&title, tags.as_slice()) {
                (Some(title), _) => variant_name(title),
                (None, [tag]) => variant_name(tag),
                _ => format!("Variant{i}"),
            };
            let (ty, _) = self.ty(
                SchemaRef::from(branch),
                &at,
                &format!("{name}{branch_name}"),
                read,
            );
            lowered.push((ty, tags, title));
        }
        // A discriminator is kept when every branch has a tag value; otherwise the union is
        // decoded untagged, by the branch whose keys the value has.
        let tag = discriminator.map(|d| d.property_name.clone());
        let tagged = tag.is_some() && lowered.iter().all(|(_, tags, _)| !tags.is_empty());
        if tagged {
            self.problems.extend(read_from_properties);
        }
        if let (Some(tag), false) = (&tag, tagged) {
            let missing: Vec<String> = lowered
                .iter()
                .enumerate()
                .filter(|(_, (_, tags, _))| tags.is_empty())
                .map(|(i, _)| format!("`#{pointer}/{key}/{i}`"))
                .collect();
            self.problems.push(Problem::warning(
                format!("{pointer}/discriminator"),
                format!(
                    "no value of the discriminator `{tag}` is known for {} (not a `$ref` to a named schema, not in the mapping, no one-value `enum` or `const` for `{tag}`): the union is decoded untagged, by the branch whose properties the value has",
                    missing.join(", ")
                ),
            ));
        }
        let mut names = Namespace::default();
        let mut variants = Vec::new();
        let mut taken_tags = std::collections::BTreeSet::new();
        for (i, (ty, tags, title)) in lowered.into_iter().enumerate() {
            if tagged {
                for tag in tags {
                    // A tag value selects one branch: the first that answers to it.
                    if !taken_tags.insert(tag.clone()) {
                        self.problems.push(Problem::warning(
                            format!("{pointer}/{key}/{i}"),
                            format!("the discriminator's value `{tag}` already selects an earlier branch: this branch is not selected by it"),
                        ));
                        continue;
                    }
                    variants.push(UnionVariant {
                        name: names.claim(&variant_name(&tag)),
                        ty: ty.clone(),
                        tag_value: Some(tag),
                        declares_tag: false,
                        boxed: false,
                    });
                }
                continue;
            }
            // A named schema's type name, else the branch's title, else its type's name.
            let def = match &ty {
                Ty::Named(id) => self.types.get(*id),
                _ => None,
            };
            let base = match (def, title) {
                (Some(def), Some(title)) if def.schema_name.is_none() => variant_name(&title),
                (Some(def), _) => def.name.clone(),
                (None, Some(title)) => variant_name(&title),
                (None, None) => match &ty {
                    Ty::Named(_) => format!("Variant{i}"),
                    other => variant_name(&surface_name(other)),
                },
            };
            variants.push(UnionVariant {
                name: names.claim(&base),
                ty,
                tag_value: None,
                declares_tag: false,
                boxed: false,
            });
        }
        Union {
            tag: if tagged { tag } else { None },
            variants,
        }
    }

    /// The values of the discriminator that select `branch`: those the mapping gives it, else
    /// the name of the component it refers to, else the one value its tag property allows
    /// (`enum: [circle]` or `const: circle`), with a warning that says it was read there.
    pub(super) fn tag_values(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        branch: &ReferenceOr<Schema>,
        resolved: Option<&'a Schema>,
        at: &str,
    ) -> (Vec<String>, Option<Problem>) {
        let branch_ref = match branch {
            ReferenceOr::Reference { reference } => Some(reference.as_str()),
            ReferenceOr::Item(_) => None,
        };
        let mapped: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| {
                branch_ref.is_some_and(|r| {
                    r == target.as_str()
                        || r.strip_prefix(COMPONENT_SCHEMA) == Some(target.as_str())
                })
            })
            .map(|(tag, _)| tag.clone())
            .collect();
        if !mapped.is_empty() {
            return (mapped, None);
        }
        if let Some(component) = branch_ref
            .and_then(|r| r.strip_prefix(COMPONENT_SCHEMA))
            .filter(|name| !name.contains('/'))
        {
            return (vec![unescape(component)], None);
        }
        let property = resolved.and_then(|schema| {
            let mut merge = Merge::default();
            self.collect_properties(schema, at, &mut merge);
            merge
                .properties
                .into_iter()
                .find(|p| p.wire == discriminator.property_name)
                .map(|p| p.schema)
        });
        let value = property
            .and_then(|p| self.resolve(SchemaRef::from(p)))
            .and_then(|p| match &p.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => {
                    s.enumeration[0].clone()
                }
                _ => None,
            });
        match value {
            Some(value) => {
                let read = Problem::warning(
                    at,
                    format!(
                        "this branch is neither named in the discriminator's mapping nor a `$ref` to a named schema: its tag value `{value}` is read from its `{}` property",
                        discriminator.property_name
                    ),
                );
                (vec![value], Some(read))
            }
            None => (Vec::new(), None),
        }
    }
}

/// `Option<T>` for a nullable item or map value (`Json` already holds `null`).
pub(super) fn nullable_ty(ty: Ty, nullable: bool) -> Ty {
    if nullable && ty != Ty::Json {
        Ty::Option(Box::new(ty))
    } else {
        ty
    }
}

/// `~1` and `~0` in a `$ref`'s component name.
pub(super) fn unescape(name: &str) -> String {
    name.replace("~1", "/").replace("~0", "~")
}

pub(super) fn string_enum(values: &[Option<String>]) -> Enum {
    enumeration(values.iter().flatten().cloned(), None, false)
}

/// An integer enum. Its variants are named as the schema's `x-enum-varnames` (or
/// `x-enumNames`) says, for the values that list names; the others after their values: `V1`,
/// `Minus1`.
pub(super) fn integer_enum(values: &[i64], schema: &Schema) -> Enum {
    let names = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|key| schema.schema_data.extensions.get(*key)?.as_array())
        .map(|names| names.iter().map(|n| n.as_str()).collect::<Vec<_>>());
    enumeration(values.iter().map(i64::to_string), names, true)
}

/// The enum of these wire values, each listed once.
pub(super) fn enumeration(
    wires: impl Iterator<Item = String>,
    given_names: Option<Vec<Option<&str>>>,
    integer: bool,
) -> Enum {
    let mut names = Namespace::default();
    let mut variants: Vec<Variant> = Vec::new();
    for (index, wire) in wires.enumerate() {
        if variants.iter().any(|v| v.wire == wire) {
            continue;
        }
        let raw = given_names
            .as_ref()
            .and_then(|given| given.get(index).copied().flatten())
            .unwrap_or(&wire);
        variants.push(Variant {
            name: names.claim(&variant_name(raw)),
            wire,
        });
    }
    let unknown = if names.contains("Unknown") {
        names.claim("UnknownValue")
    } else {
        names.claim("Unknown")
    };
    Enum {
        variants,
        unknown,
        integer,
    }
}

/// A short name of a type, to name an untagged union's variant after it.
pub(super) fn surface_name(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "Bool".into(),
        Ty::I32 | Ty::I64 => "Integer".into(),
        Ty::F32 | Ty::F64 => "Number".into(),
        Ty::String | Ty::Secret => "String".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Date => "Date".into(),
        Ty::Json => "Value".into(),
        Ty::JsonObject => "Object".into(),
        Ty::Vec(inner) => format!("{}List", surface_name(inner)),
        Ty::Option(inner) => surface_name(inner),
        Ty::Map(inner) => format!("{}Map", surface_name(inner)),
        Ty::Bytes => "Bytes".into(),
        Ty::Named(_) => "Named".into(),
    }
}
