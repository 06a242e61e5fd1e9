//! Stage 4: the `openapiv3` document to the IR, deciding every Rust name on the way.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StatusCode, Type,
};

use crate::diagnostic::Problem;
use crate::ir::*;
use crate::naming::{Namespace, field_name, type_name, variant_name};
use crate::settings::ApiSettings;
use crate::spec::document::{COMPONENT_SCHEMA, Spec};
use crate::spec::pointer::push_token;

/// Lowers a validated document. Every problem is collected and returned: the API comes back
/// when none of them is an error (warnings say what was repaired).
pub(crate) fn lower(spec: &Spec, settings: &ApiSettings) -> (Option<Api>, Vec<Problem>) {
    let document = &spec.openapi;
    let mut lowerer = Lowerer {
        document,
        settings,
        inner: &spec.schemas,
        inner_types: std::collections::HashMap::new(),
        inline_types: std::collections::HashMap::new(),
        multipart: false,
        types: Vec::new(),
        schema_ids: IndexMap::new(),
        type_names: Namespace::default(),
        problems: Vec::new(),
    };
    let mut api = lowerer.api(&spec.webhooks);
    // `serde_directions` keeps every derive sound; a gap would be generated code that does not
    // compile, so it is reported as the internal error it is.
    for (outer, inner, derive) in api.derive_gaps() {
        lowerer.problems.push(Problem::new(
            "",
            format!("internal error: `{outer}` derives {derive}, but `{inner}`, which it holds, does not"),
        ));
    }
    // One problem found from many places (an unsupported scheme every operation uses) is
    // reported once.
    let mut seen = std::collections::BTreeSet::new();
    lowerer
        .problems
        .retain(|p| seen.insert((p.pointer.clone(), p.message.clone())));
    let mut problems = lowerer.problems;
    if !problems.iter().any(Problem::is_error) {
        if let Some(auth) = &settings.auth {
            // Each scheme, and whether it carries a token (not HTTP basic's user and password).
            let schemes: Vec<(&str, bool)> = document
                .components
                .iter()
                .flat_map(|c| &c.security_schemes)
                .map(|(name, scheme)| {
                    let basic = matches!(
                        scheme,
                        ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. })
                            if scheme.eq_ignore_ascii_case("basic")
                    );
                    (name.as_str(), !basic)
                })
                .collect();
            match crate::client_auth::resolve(auth, &api, &schemes) {
                Ok(resolved) => api.auth = Some(resolved),
                Err(found) => problems.extend(found),
            }
        }
    }
    let api = (!problems.iter().any(Problem::is_error)).then_some(api);
    (api, problems)
}

/// A type name for a schema inside another: `#/components/schemas/Pet/properties/owner_id`
/// gives `PetOwnerId`; the keywords on the way are left out. Inside an operation, the name
/// starts as the operation's own inline types do: `#/paths/~1pets/get/responses/200/content/
/// application~1json/schema/items` gives `ListPetsResponse200Item`.
fn inner_name(reference: &str, document: &OpenAPI) -> String {
    const KEYWORDS: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "$defs",
        "definitions",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "not",
        "content",
        "schema",
        "pathItems",
        "responses",
        "requestBodies",
        "parameters",
        "headers",
    ];
    let tokens = crate::spec::pointer::split_pointer(reference.trim_start_matches('#'));
    let mut name = String::new();
    let mut rest: &[String] = &tokens;
    if let [paths, path, method, after @ ..] = tokens.as_slice() {
        if paths == "paths" {
            let operation = match document.paths.paths.get(path) {
                Some(ReferenceOr::Item(item)) => item
                    .iter()
                    .find(|(m, _)| m == method)
                    .map(|(_, operation)| operation),
                _ => None,
            };
            name = match operation.and_then(|o| o.operation_id.as_deref()) {
                Some(id) => type_name(id),
                None => type_name(&format!("{method} {path}")),
            };
            rest = after;
            // `parameters/0` is named after the parameter, `responses/200` as `Response200`,
            // `requestBody` as `Body`.
            match rest {
                [parameters, i, more @ ..] if parameters == "parameters" => {
                    let parameter = operation
                        .and_then(|o| o.parameters.get(i.parse::<usize>().unwrap_or(usize::MAX)))
                        .and_then(|p| match p {
                            ReferenceOr::Item(p) => Some(p.parameter_data_ref().name.as_str()),
                            ReferenceOr::Reference { .. } => None,
                        });
                    name.push_str(&type_name(parameter.unwrap_or(i)));
                    rest = more;
                }
                [responses, status, more @ ..] if responses == "responses" => {
                    name.push_str(&type_name(&format!("response {status}")));
                    rest = more;
                }
                [body, more @ ..] if body == "requestBody" => {
                    name.push_str("Body");
                    rest = more;
                }
                _ => {}
            }
        }
    }
    let mut tokens = rest.iter().peekable();
    let mut previous = "";
    while let Some(token) = tokens.next() {
        let operation_part = crate::spec::walk::METHODS.contains(&previous);
        // A key of a map of names (a property called `items` or `responses`) is a name.
        let is_name = previous == "schemas"
            || crate::spec::walk::subschemas(previous) == Some(crate::spec::walk::Subschemas::Map);
        previous = token;
        match token.as_str() {
            token if is_name => name.push_str(&type_name(token)),
            // Inside a path item that is not under `paths` (`components/pathItems/X`), the
            // operation's parts are named as above.
            "responses" if operation_part => {
                if let Some(status) =
                    tokens.next_if(|s| s.parse::<u16>().is_ok() || *s == "default")
                {
                    name.push_str(&type_name(&format!("response {status}")));
                }
            }
            "requestBody" if operation_part => name.push_str("Body"),
            // A media type (`application/json`) says nothing a reader needs in a name.
            token
                if KEYWORDS.contains(&token)
                    || token.parse::<usize>().is_ok()
                    || token.contains('/') => {}
            token => name.push_str(&type_name(token)),
        }
    }
    name
}

/// A schema's keywords, whichever way `openapiv3` chose to represent it.
#[derive(Default)]
struct View<'s> {
    typ: Option<&'s str>,
    format: Option<&'s str>,
    properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    strings: Vec<Option<String>>,
    /// The integer values an integer schema lists.
    integers: Vec<i64>,
    one_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    all_of: &'s [ReferenceOr<Schema>],
}

fn view(schema: &Schema) -> View<'_> {
    let format_of = |f: &'static str| Some(f);
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => View {
            typ: Some("string"),
            format: match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(f) => format_of(match f {
                    openapiv3::StringFormat::Date => "date",
                    openapiv3::StringFormat::DateTime => "date-time",
                    openapiv3::StringFormat::Password => "password",
                    openapiv3::StringFormat::Byte => "byte",
                    openapiv3::StringFormat::Binary => "binary",
                }),
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            },
            strings: s.enumeration.clone(),
            ..View::default()
        },
        SchemaKind::Type(Type::Integer(i)) => View {
            typ: Some("integer"),
            format: match &i.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                    Some("int32")
                }
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => {
                    Some("int64")
                }
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            },
            integers: i.enumeration.iter().flatten().copied().collect(),
            ..View::default()
        },
        SchemaKind::Type(Type::Number(n)) => View {
            typ: Some("number"),
            format: match &n.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => {
                    Some("float")
                }
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Double) => {
                    Some("double")
                }
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            },
            ..View::default()
        },
        SchemaKind::Type(Type::Boolean(_)) => View {
            typ: Some("boolean"),
            ..View::default()
        },
        SchemaKind::Type(Type::Object(o)) => View {
            typ: Some("object"),
            properties: Some(&o.properties),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
            ..View::default()
        },
        SchemaKind::Type(Type::Array(a)) => View {
            typ: Some("array"),
            items: a.items.as_ref(),
            ..View::default()
        },
        SchemaKind::OneOf { one_of } => View {
            one_of,
            ..View::default()
        },
        SchemaKind::AnyOf { any_of } => View {
            any_of,
            ..View::default()
        },
        SchemaKind::AllOf { all_of } => View {
            all_of,
            ..View::default()
        },
        SchemaKind::Not { .. } => View::default(),
        SchemaKind::Any(a) => View {
            typ: a.typ.as_deref(),
            format: a.format.as_deref(),
            properties: (!a.properties.is_empty()).then_some(&a.properties),
            required: &a.required,
            additional: a.additional_properties.as_ref(),
            items: a.items.as_ref(),
            strings: a
                .enumeration
                .iter()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) => Some(Some(s.clone())),
                    serde_json::Value::Null => Some(None),
                    _ => None,
                })
                .collect(),
            integers: if a.typ.as_deref() == Some("integer") {
                a.enumeration
                    .iter()
                    .filter_map(serde_json::Value::as_i64)
                    .collect()
            } else {
                Vec::new()
            },
            one_of: &a.one_of,
            any_of: &a.any_of,
            all_of: &a.all_of,
        },
    }
}

/// The constraints a schema states itself.
fn own_constraints(schema: &Schema) -> Constraints {
    let size = |n: Option<usize>| n.map(|n| n as u64);
    let bound = |value: Option<f64>, exclusive: bool| value.map(|value| Bound { value, exclusive });
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            min_length: size(s.min_length),
            max_length: size(s.max_length),
            patterns: s.pattern.iter().cloned().collect(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            minimum: bound(i.minimum.map(|n| n as f64), i.exclusive_minimum),
            maximum: bound(i.maximum.map(|n| n as f64), i.exclusive_maximum),
            multiple_of: i.multiple_of.map(|n| n as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            minimum: bound(n.minimum, n.exclusive_minimum),
            maximum: bound(n.maximum, n.exclusive_maximum),
            multiple_of: n.multiple_of,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: size(a.min_items),
            max_items: size(a.max_items),
            unique_items: a.unique_items,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Object(o)) => Constraints {
            min_properties: size(o.min_properties),
            max_properties: size(o.max_properties),
            ..Constraints::default()
        },
        SchemaKind::Any(a) => Constraints {
            min_length: size(a.min_length),
            max_length: size(a.max_length),
            patterns: a.pattern.iter().cloned().collect(),
            minimum: bound(a.minimum, a.exclusive_minimum.unwrap_or(false)),
            maximum: bound(a.maximum, a.exclusive_maximum.unwrap_or(false)),
            multiple_of: a.multiple_of,
            min_items: size(a.min_items),
            max_items: size(a.max_items),
            unique_items: a.unique_items.unwrap_or(false),
            min_properties: size(a.min_properties),
            max_properties: size(a.max_properties),
        },
        SchemaKind::Type(Type::Boolean(_))
        | SchemaKind::OneOf { .. }
        | SchemaKind::AnyOf { .. }
        | SchemaKind::AllOf { .. }
        | SchemaKind::Not { .. } => Constraints::default(),
    }
}

/// The item itself, or the one a `$ref` names in `components/<kind>` (`None` when it names
/// none there, or only another reference).
fn component<'c, T>(
    item: &'c ReferenceOr<T>,
    components: Option<&'c IndexMap<String, ReferenceOr<T>>>,
    kind: &str,
) -> Option<&'c T> {
    match item {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/")?
                .strip_prefix(kind)?
                .strip_prefix('/')?;
            match components?.get(&unescape(name))? {
                ReferenceOr::Item(item) => Some(item),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// A schema or a reference to one, whether boxed or not.
#[derive(Clone, Copy)]
enum SchemaRef<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// What an `allOf` merge has gathered so far, and where it is.
#[derive(Default)]
struct Merge<'a> {
    properties: Vec<Property<'a>>,
    required: Vec<String>,
    /// The schemas being merged, outermost first: a branch that is one of them is a cycle.
    path: Vec<String>,
    /// The branches merged already.
    merged: std::collections::BTreeSet<String>,
}

/// A property on its way into a struct, with the place it was declared.
struct Property<'a> {
    wire: &'a str,
    schema: &'a ReferenceOr<Box<Schema>>,
    pointer: String,
}

fn own_properties<'a>(v: &View<'a>, pointer: &str) -> Vec<Property<'a>> {
    v.properties
        .into_iter()
        .flatten()
        .map(|(wire, schema)| Property {
            wire,
            schema,
            pointer: push_token(&format!("{pointer}/properties"), wire),
        })
        .collect()
}

struct Lowerer<'a> {
    document: &'a OpenAPI,
    settings: &'a ApiSettings,
    /// The schemas `$ref`s point at other than whole components, by `$ref` string.
    inner: &'a IndexMap<String, Schema>,
    /// What each of those lowered to (filled as they are first referred to).
    inner_types: std::collections::HashMap<String, Ty>,
    /// Inline types already made, by the pointer of their schema: a schema reached twice (a
    /// shared parameter, a property merged by two `allOf`s) gives one type.
    inline_types: std::collections::HashMap<String, TypeId>,
    /// Set while a multipart body's schema is lowered: `format: binary` is raw bytes there.
    multipart: bool,
    /// The arena; `None` marks an id reserved but not yet lowered.
    types: Vec<Option<TypeDef>>,
    schema_ids: IndexMap<String, TypeId>,
    type_names: Namespace,
    problems: Vec<Problem>,
}

impl<'a> Lowerer<'a> {
    fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(pointer, message));
    }

    fn api(&mut self, webhook_items: &'a [(String, openapiv3::PathItem)]) -> Api {
        let document = self.document;
        let schemas = document.components.as_ref().map(|c| &c.schemas);

        // Reserve an id and a name for every named schema before lowering any of them.
        for name in schemas.into_iter().flat_map(|s| s.keys()) {
            let id = TypeId(self.types.len());
            self.types.push(None);
            self.schema_ids.insert(name.clone(), id);
        }
        for name in schemas.into_iter().flat_map(|s| s.keys()) {
            let rust = self.type_names.claim(&type_name(name));
            let id = self.schema_ids[name];
            self.types[id.0] = Some(TypeDef {
                name: rust,
                schema_name: Some(name.clone()),
                pointer: push_token("/components/schemas", name),
                doc: None,
                deprecated: false,
                kind: TypeKind::Alias(Ty::Json),
                serialize: true,
                deserialize: true,
            });
        }
        for (name, schema) in schemas.into_iter().flat_map(|s| s.iter()) {
            let id = self.schema_ids[name];
            let pointer = push_token("/components/schemas", name);
            let rust = self.types[id.0]
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let (kind, doc, deprecated) = match schema {
                ReferenceOr::Reference { reference } => (
                    TypeKind::Alias(self.reference(reference, &pointer)),
                    None,
                    false,
                ),
                ReferenceOr::Item(schema) => {
                    let kind = match self.define(schema, &pointer, &rust) {
                        Some(kind) => kind,
                        None => {
                            TypeKind::Alias(self.ty(SchemaRef::Item(schema), &pointer, &rust).0)
                        }
                    };
                    let data = &schema.schema_data;
                    (
                        kind,
                        data.description.clone().or(data.title.clone()),
                        data.deprecated,
                    )
                }
            };
            if let Some(def) = self.types[id.0].as_mut() {
                def.kind = kind;
                def.doc = doc;
                def.deprecated = deprecated;
            }
        }

        let operations = self.operations();
        let webhooks = self.webhooks(webhook_items);

        let mut types: Vec<TypeDef> = std::mem::take(&mut self.types)
            .into_iter()
            .map(|t| t.unwrap_or_else(unreachable_type))
            .collect();
        self.alias_cycles(&types);
        mark_tag_declarations(&mut types);
        box_cycles(&mut types);
        self.envelopes(&mut types);
        serde_directions(&mut types, &operations, &webhooks, self.settings.serde);

        let std_shadowed = types
            .iter()
            .map(|t| t.name.as_str())
            .chain(operations.iter().map(|o| o.name.as_str()))
            .chain(operations.iter().flat_map(|o| {
                [&o.success, &o.error]
                    .into_iter()
                    .filter_map(|outcome| match outcome {
                        Outcome::Enum { name, .. } => Some(name.as_str()),
                        _ => None,
                    })
            }))
            .any(|name| crate::naming::PRELUDE_TYPES.contains(&name));
        Api {
            webhooks,
            std_shadowed,
            module: self.settings.module.clone(),
            feature: self.settings.feature_name(),
            title: document.info.title.clone(),
            version: document.info.version.clone(),
            doc: document.info.description.clone(),
            base_url: document
                .servers
                .first()
                .map(|s| s.url.clone())
                .unwrap_or_default(),
            types,
            operations,
            auth: None,
            warnings: Vec::new(),
            origins: Default::default(),
        }
    }

    /// A new inline type, named from its context.
    fn add_type(&mut self, hint: &str, pointer: &str, schema: &'a Schema) -> TypeId {
        let name = self.type_names.claim(&type_name(hint));
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.inline_types.insert(pointer.to_owned(), id);
        let kind = self
            .define(schema, pointer, &name)
            .unwrap_or(TypeKind::Alias(Ty::Json));
        self.types[id.0] = Some(TypeDef {
            name,
            schema_name: None,
            pointer: pointer.to_owned(),
            doc: schema
                .schema_data
                .description
                .clone()
                .or(schema.schema_data.title.clone()),
            deprecated: schema.schema_data.deprecated,
            kind,
            serialize: true,
            deserialize: true,
        });
        id
    }

    /// The type a `$ref` names.
    fn reference(&mut self, reference: &str, pointer: &str) -> Ty {
        if let Some(ty) = self.inner_types.get(reference) {
            return ty.clone();
        }
        if let Some(schema) = self.inner.get(reference) {
            let at = reference.trim_start_matches('#');
            let hint = inner_name(reference, self.document);
            if let Some(id) = self.inline_types.get(at) {
                return Ty::Named(*id);
            }
            if self.define_needed(&view(schema)) {
                // Reserve the type first, so that a reference back to it from inside resolves.
                let name = self.type_names.claim(&type_name(&hint));
                let id = TypeId(self.types.len());
                self.types.push(Some(TypeDef {
                    name: name.clone(),
                    schema_name: None,
                    pointer: at.to_owned(),
                    doc: schema.schema_data.description.clone(),
                    deprecated: schema.schema_data.deprecated,
                    kind: TypeKind::Alias(Ty::Json),
                    serialize: true,
                    deserialize: true,
                }));
                self.inner_types.insert(reference.to_owned(), Ty::Named(id));
                self.inline_types.insert(at.to_owned(), id);
                let kind = self
                    .define(schema, at, &name)
                    .unwrap_or(TypeKind::Alias(Ty::Json));
                if let Some(def) = self.types[id.0].as_mut() {
                    def.kind = kind;
                }
                return Ty::Named(id);
            }
            self.inner_types.insert(reference.to_owned(), Ty::Json);
            let (ty, _) = self.ty(SchemaRef::Item(schema), at, &hint);
            self.inner_types.insert(reference.to_owned(), ty.clone());
            return ty;
        }
        match reference
            .strip_prefix(COMPONENT_SCHEMA)
            .and_then(|name| self.schema_ids.get(&unescape(name)))
        {
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

    /// The schema a `$ref` names, to look inside it. A component that is only an alias of
    /// another (`ItemBase: {$ref: Base}`) is followed to what it names.
    fn resolve(&self, schema: SchemaRef<'a>) -> Option<&'a Schema> {
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
    fn define(&mut self, schema: &'a Schema, pointer: &str, name: &str) -> Option<TypeKind> {
        let v = view(schema);
        let discriminator = schema.schema_data.discriminator.as_ref();
        if v.one_of.len() > 1 || v.any_of.len() > 1 {
            let (branches, key) = if v.one_of.len() > 1 {
                (v.one_of, "oneOf")
            } else {
                (v.any_of, "anyOf")
            };
            return Some(TypeKind::Union(self.union(
                branches,
                discriminator,
                pointer,
                key,
                name,
            )));
        }
        if v.all_of.len() > 1 || (v.all_of.len() == 1 && v.properties.is_some()) {
            return Some(TypeKind::Struct(self.merged_struct(schema, pointer, name)));
        }
        if v.properties.is_some_and(|p| !p.is_empty()) {
            let properties = own_properties(&v, pointer);
            return Some(TypeKind::Struct(self.structure(
                properties,
                v.required,
                v.additional,
                pointer,
                name,
            )));
        }
        if v.typ == Some("string") && v.strings.iter().any(Option::is_some) {
            return Some(TypeKind::Enum(string_enum(&v.strings)));
        }
        if v.typ == Some("integer") && !v.integers.is_empty() {
            return Some(TypeKind::Enum(integer_enum(&v.integers, schema)));
        }
        None
    }

    /// The type of a schema used in place: a field, an item, a parameter, a body.
    /// Returns the type and whether `null` is allowed.
    fn ty(&mut self, schema: SchemaRef<'a>, pointer: &str, hint: &str) -> (Ty, bool) {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                // A field that refers to a nullable schema is nullable.
                let nullable = self
                    .resolve(SchemaRef::Ref(reference))
                    .is_some_and(|s| s.schema_data.nullable);
                return (self.reference(reference, pointer), nullable);
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
            );
            return (ty, nullable || inner_nullable);
        }
        for (branches, key) in [(v.one_of, "oneOf"), (v.any_of, "anyOf")] {
            if branches.len() == 1 {
                let (ty, inner_nullable) = self.ty(
                    SchemaRef::from(&branches[0]),
                    &format!("{pointer}/{key}/0"),
                    hint,
                );
                return (ty, nullable || inner_nullable);
            }
        }
        if self.define_needed(&v) {
            if let Some(id) = self.inline_types.get(pointer) {
                return (Ty::Named(*id), nullable);
            }
            let id = self.add_type(hint, pointer, schema);
            return (Ty::Named(id), nullable);
        }
        let ty = match v.typ {
            Some("string") => match v.format {
                Some("date-time") => Ty::DateTime,
                Some("date") => Ty::Date,
                Some("password") => Ty::Secret,
                // Raw bytes only where a body part can carry them; in JSON it is a string.
                Some("binary") if self.multipart => Ty::Bytes,
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
    fn constraints(&self, schema: SchemaRef<'a>, depth: usize) -> Constraints {
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

    fn define_needed(&self, v: &View<'_>) -> bool {
        v.one_of.len() > 1
            || v.any_of.len() > 1
            || v.all_of.len() > 1
            || (v.all_of.len() == 1 && v.properties.is_some())
            || v.properties.is_some_and(|p| !p.is_empty())
            || (v.typ == Some("string") && v.strings.iter().any(Option::is_some))
            || (v.typ == Some("integer") && !v.integers.is_empty())
    }

    fn structure(
        &mut self,
        properties: Vec<Property<'a>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        name: &str,
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
            let (mut ty, nullable) = self.ty(SchemaRef::from(schema), &at, &hint);
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
                );
                Some(ty)
            }
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            _ => None,
        };
        Struct {
            fields,
            additional,
            envelope: None,
        }
    }

    /// `allOf`: the properties of every branch, merged into one struct; a later branch's
    /// property replaces an earlier one of the same name.
    fn merged_struct(&mut self, schema: &'a Schema, pointer: &str, name: &str) -> Struct {
        let mut merge = Merge {
            properties: Vec::new(),
            required: Vec::new(),
            path: vec![pointer.to_owned()],
            merged: std::collections::BTreeSet::new(),
        };
        self.collect_properties(schema, pointer, &mut merge);
        self.structure(merge.properties, &merge.required, None, pointer, name)
    }

    fn collect_properties(&mut self, schema: &'a Schema, pointer: &str, merge: &mut Merge<'a>) {
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

    fn union(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        pointer: &str,
        key: &str,
        name: &str,
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
                Ty::Named(id) => self.types[id.0].as_ref(),
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
    fn tag_values(
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

    fn operations(&mut self) -> Vec<Operation> {
        let document = self.document;
        let mut builder_names = Namespace::with_reserved(&["Operation"]);
        let mut operations = Vec::new();
        // An operation with no operationId is named after its method and the path its requests
        // go to; a query string in the path key (made into parameters by repair) is part of the
        // name only where two operations would share it.
        let mut routes: std::collections::HashMap<(&str, &str), usize> = Default::default();
        for (path, item) in document.paths.iter() {
            if let ReferenceOr::Item(item) = item {
                for (method, _) in item.iter() {
                    *routes
                        .entry((method, crate::spec::walk::request_path(path)))
                        .or_default() += 1;
                }
            }
        }
        for (path, item) in document.paths.iter() {
            let path_pointer = push_token("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.problem(&path_pointer, "a `$ref` path item is not supported yet");
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                let pointer = push_token(&path_pointer, method);
                let request_path = crate::spec::walk::request_path(path);
                let route = match routes.get(&(method, request_path)) {
                    Some(1) => request_path,
                    _ => path.as_str(),
                };
                let operation_id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method} {route}"));
                let name = builder_names.claim(&type_name(&operation_id));
                operations.push(self.operation(
                    &name,
                    &operation_id,
                    method,
                    path,
                    &item.parameters,
                    operation,
                    &pointer,
                    &mut builder_names,
                ));
            }
        }
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        name: &str,
        operation_id: &str,
        method: &str,
        path: &str,
        shared: &'a [ReferenceOr<Parameter>],
        operation: &'a openapiv3::Operation,
        pointer: &str,
        builder_names: &mut Namespace,
    ) -> Operation {
        // Parameters: the path item's, overridden by the operation's of the same name and place.
        let mut merged: Vec<(String, &'a Parameter)> = Vec::new();
        for (list, base) in [
            (
                shared,
                push_token(&pointer[..pointer.rfind('/').unwrap_or(0)], "parameters"),
            ),
            (
                operation.parameters.as_slice(),
                format!("{pointer}/parameters"),
            ),
        ] {
            for (i, parameter) in list.iter().enumerate() {
                let at = format!("{base}/{i}");
                let Some(parameter) = self.parameter(parameter, &at) else {
                    continue;
                };
                let data = parameter.parameter_data_ref();
                let same = |p: &&Parameter| {
                    p.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*p) == std::mem::discriminant(parameter)
                };
                if let Some(slot) = merged.iter_mut().find(|(_, p)| same(p)) {
                    *slot = (at, parameter);
                } else {
                    merged.push((at, parameter));
                }
            }
        }

        let mut member_names = Namespace::with_reserved(&["body", "credentials", "new"]);
        let mut params = Vec::new();
        for (at, parameter) in merged {
            let data = parameter.parameter_data_ref();
            let location = match parameter {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let hint = format!("{name}{}", type_name(&data.name));
            let mut json = false;
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.ty(SchemaRef::from(schema), &format!("{at}/schema"), &hint)
                        .0
                }
                // A parameter described by `content` is that content, written as text: JSON
                // for a JSON media type.
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media_type, media)) if is_json(media_type) => {
                        json = true;
                        match &media.schema {
                            Some(schema) => {
                                let content_at = push_token(&format!("{at}/content"), media_type);
                                self.ty(
                                    SchemaRef::from(schema),
                                    &format!("{content_at}/schema"),
                                    &hint,
                                )
                                .0
                            }
                            None => Ty::Json,
                        }
                    }
                    _ => Ty::String,
                },
            };
            let ty = if ty == Ty::String && self.settings.secret_properties.contains(&data.name) {
                Ty::Secret
            } else {
                ty
            };
            params.push(Param {
                name: member_names.claim(&field_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                json,
                pointer: at.clone(),
                constraints: match &data.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        self.constraints(SchemaRef::from(schema), 0)
                    }
                    ParameterSchemaOrContent::Content(_) => Constraints::default(),
                },
                default: match &data.format {
                    ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                        schema.schema_data.default.clone()
                    }
                    _ => None,
                },
                // Styles only change how query values are written.
                style: match parameter {
                    Parameter::Query { style, .. } => {
                        query_style(style, data.explode, &data.extensions)
                    }
                    _ => QueryStyle::FormExploded,
                },
                doc: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
            });
        }

        let segments = self.segments(path, &params, pointer);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.body(body, &format!("{pointer}/requestBody"), name));

        let mut responses = Vec::new();
        for (status, response) in &operation.responses.responses {
            let (status, text) = match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                StatusCode::Range(digit) => (StatusMatch::Range(*digit), format!("{digit}XX")),
            };
            let at = push_token(&format!("{pointer}/responses"), &text);
            if let Some(r) = self.response(response, status, &at, name) {
                responses.push(r);
            }
        }
        if let Some(default) = &operation.responses.default {
            let at = format!("{pointer}/responses/default");
            if let Some(r) = self.response(default, StatusMatch::Default, &at, name) {
                responses.push(r);
            }
        }
        let any_success = responses.iter().any(|r| r.status.is_success());
        for r in &mut responses {
            r.success = r.status.is_success() || (r.status == StatusMatch::Default && !any_success);
        }
        let success = outcome(
            &responses,
            &|r| r.success,
            &format!("{name}Output"),
            builder_names,
        );
        let error = outcome(
            &responses,
            &|r| !r.success,
            &format!("{name}Error"),
            builder_names,
        );

        let auth = self.auth(operation, pointer, &mut member_names);
        let response_headers = self.response_headers(operation, name, builder_names);

        Operation {
            name: name.to_owned(),
            operation_id: operation_id.to_owned(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            segments,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            params,
            body,
            responses,
            success,
            error,
            auth,
            response_headers,
            pointer: pointer.to_owned(),
        }
    }

    fn parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Option<&'a Parameter> {
        let components = self.document.components.as_ref();
        let found = component(parameter, components.map(|c| &c.parameters), "parameters");
        if let (None, ReferenceOr::Reference { reference }) = (found, parameter) {
            self.problem(
                at,
                format!("`$ref: {reference}` does not name a parameter in components/parameters"),
            );
        }
        found
    }

    /// The segments of the path requests go to; a query string in the path key was made into
    /// query parameters by repair.
    fn segments(&mut self, path: &str, params: &[Param], pointer: &str) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut rest = crate::spec::walk::request_path(path);
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                segments.push(Segment::Literal(rest[..open].to_owned()));
            }
            let variable = &rest[open + 1..close];
            match params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == variable)
            {
                Some(index) => segments.push(Segment::Param(index)),
                None => self.problem(
                    pointer,
                    format!("path template variable `{{{variable}}}` has no path parameter"),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_owned()));
        }
        segments
    }

    fn body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
        name: &str,
    ) -> Option<Body> {
        let components = self.document.components.as_ref();
        let body = match component(body, components.map(|c| &c.request_bodies), "requestBodies") {
            Some(b) => b,
            None => {
                if let ReferenceOr::Reference { reference } = body {
                    self.problem(
                        at,
                        format!("`$ref: {reference}` does not name a request body"),
                    );
                }
                return None;
            }
        };
        let Some((content_type, media)) = pick_media(&body.content) else {
            self.problem(
                &format!("{at}/content"),
                "a request body needs at least one media type",
            );
            return None;
        };
        let media_at = push_token(&format!("{at}/content"), content_type);
        let encoding = encoding_of(content_type);
        self.multipart = encoding == BodyEncoding::Multipart;
        let ty = match (&encoding, &media.schema) {
            (BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart, Some(schema)) => {
                self.ty(
                    SchemaRef::from(schema),
                    &format!("{media_at}/schema"),
                    &format!("{name}Body"),
                )
                .0
            }
            (BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart, None) => Ty::Json,
            (BodyEncoding::Text, _) => Ty::String,
            (BodyEncoding::Bytes, _) => Ty::Bytes,
        };
        self.multipart = false;
        let styles = media
            .encoding
            .iter()
            .filter_map(|(name, e)| {
                let style = e.style.as_ref().map_or(QueryStyle::FormExploded, |style| {
                    query_style(style, Some(e.explode), &e.extensions)
                });
                (style != QueryStyle::FormExploded).then(|| (name.clone(), style))
            })
            .collect();
        Some(Body {
            content_type: content_type.to_owned(),
            encoding,
            ty,
            required: body.required,
            doc: body.description.clone(),
            styles,
            media_types: body.content.keys().cloned().collect(),
        })
    }

    fn response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        status: StatusMatch,
        at: &str,
        name: &str,
    ) -> Option<Response> {
        let Some(response) = self.resolve_response(response) else {
            if let ReferenceOr::Reference { reference } = response {
                self.problem(at, format!("`$ref: {reference}` does not name a response"));
            }
            return None;
        };
        let content = match pick_media(&response.content) {
            None if response.content.is_empty() => Content::Empty,
            None => Content::Bytes,
            Some((content_type, media)) => match encoding_of(content_type) {
                BodyEncoding::Json => match &media.schema {
                    Some(schema) => {
                        let hint = format!("{name}Response{}", status.spec_text());
                        let media_at = push_token(&format!("{at}/content"), content_type);
                        Content::Json(
                            self.ty(
                                SchemaRef::from(schema),
                                &format!("{media_at}/schema"),
                                &hint,
                            )
                            .0,
                        )
                    }
                    None => Content::Json(Ty::Json),
                },
                BodyEncoding::Text => Content::Text,
                BodyEncoding::Bytes | BodyEncoding::Form | BodyEncoding::Multipart => {
                    Content::Bytes
                }
            },
        };
        Some(Response {
            status,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
            content,
            success: false,
            media_types: response.content.keys().cloned().collect(),
        })
    }

    /// A response, or the one in `components/responses` its `$ref` names.
    fn resolve_response(
        &self,
        response: &'a ReferenceOr<openapiv3::Response>,
    ) -> Option<&'a openapiv3::Response> {
        let components = self.document.components.as_ref();
        component(response, components.map(|c| &c.responses), "responses")
    }

    /// The headers an operation's responses declare, as fields of one struct. Values are
    /// read as text, numbers or booleans; anything else (an HTTP date, a list) stays text.
    fn response_headers(
        &self,
        operation: &'a openapiv3::Operation,
        name: &str,
        builder_names: &mut Namespace,
    ) -> Option<ResponseHeaders> {
        let responses = operation
            .responses
            .responses
            .values()
            .chain(operation.responses.default.iter())
            .filter_map(|r| self.resolve_response(r));
        let mut fields: Vec<ResponseHeader> = Vec::new();
        let mut names = Namespace::default();
        for response in responses {
            for (wire, header) in &response.headers {
                let wire = wire.to_ascii_lowercase();
                // `Content-Type` is the body's business (OpenAPI says to ignore it here).
                if wire == "content-type" || fields.iter().any(|f| f.wire == wire) {
                    continue;
                }
                let components = self.document.components.as_ref();
                let header = component(header, components.map(|c| &c.headers), "headers");
                let schema = header.and_then(|h| match &h.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        self.resolve(SchemaRef::from(schema))
                    }
                    ParameterSchemaOrContent::Content(_) => None,
                });
                let v = schema.map(view);
                let typ = v.as_ref().and_then(|v| v.typ);
                let format = v.as_ref().and_then(|v| v.format);
                let secret = format == Some("password")
                    || self
                        .settings
                        .secret_properties
                        .iter()
                        .any(|s| s.eq_ignore_ascii_case(&wire));
                let ty = match (typ, format) {
                    _ if secret => Ty::Secret,
                    (Some("integer"), Some("int32")) => Ty::I32,
                    (Some("integer"), _) => Ty::I64,
                    (Some("number"), Some("float")) => Ty::F32,
                    (Some("number"), _) => Ty::F64,
                    (Some("boolean"), _) => Ty::Bool,
                    _ => Ty::String,
                };
                fields.push(ResponseHeader {
                    name: names.claim(&field_name(&wire)),
                    doc: header.and_then(|h| h.description.clone()),
                    wire,
                    ty,
                });
            }
        }
        (!fields.is_empty()).then(|| ResponseHeaders {
            name: builder_names.claim(&format!("{name}Headers")),
            fields,
        })
    }

    fn auth(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &str,
        member_names: &mut Namespace,
    ) -> Vec<AuthMethod> {
        let requirements = operation
            .security
            .as_ref()
            .or(self.document.security.as_ref());
        let mut schemes: Vec<&String> = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            for scheme in requirement.keys() {
                if !schemes.contains(&scheme) {
                    schemes.push(scheme);
                }
            }
        }
        let defined = self
            .document
            .components
            .as_ref()
            .map(|c| &c.security_schemes);
        let mut methods = Vec::new();
        for scheme in schemes {
            let Some(ReferenceOr::Item(definition)) = defined.and_then(|d| d.get(scheme)) else {
                self.problem(
                    &format!("{pointer}/security"),
                    format!(
                        "security scheme `{scheme}` is not defined in components/securitySchemes"
                    ),
                );
                continue;
            };
            let authorization = "Authorization".to_owned();
            let (name, kind, default_setter, doc) = match definition {
                openapiv3::SecurityScheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } if http.eq_ignore_ascii_case("bearer") => (
                    authorization,
                    AuthKind::Bearer,
                    "bearer_auth".to_owned(),
                    description,
                ),
                openapiv3::SecurityScheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } if http.eq_ignore_ascii_case("basic") => (
                    authorization,
                    AuthKind::Basic,
                    "basic_auth".to_owned(),
                    description,
                ),
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let kind = match location {
                        openapiv3::APIKeyLocation::Header => AuthKind::Header,
                        openapiv3::APIKeyLocation::Query => AuthKind::Query,
                        openapiv3::APIKeyLocation::Cookie => AuthKind::Cookie,
                    };
                    (name.clone(), kind, field_name(scheme), description)
                }
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (
                    authorization,
                    AuthKind::Bearer,
                    "bearer_auth".to_owned(),
                    description,
                ),
                // Mutual TLS is set up in the HTTP client, not in a request.
                openapiv3::SecurityScheme::HTTP { scheme: http, .. }
                    if http.eq_ignore_ascii_case("mutual") =>
                {
                    continue;
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme: http,
                    description,
                    ..
                } => (
                    authorization,
                    AuthKind::Http(http.clone()),
                    field_name(scheme),
                    description,
                ),
            };
            // Two schemes of one kind (two bearer schemes) share a setter.
            if methods
                .iter()
                .any(|m: &AuthMethod| m.kind == kind && m.name == name)
            {
                continue;
            }
            methods.push(AuthMethod {
                setter: member_names.claim(&default_setter),
                scheme: scheme.clone(),
                name,
                kind,
                doc: doc.clone(),
            });
        }
        methods
    }

    /// The webhooks' payload types.
    fn webhooks(&mut self, items: &'a [(String, openapiv3::PathItem)]) -> Vec<Webhook> {
        let mut webhooks = Vec::new();
        for (name, item) in items {
            for (method, operation) in item.iter() {
                let pointer = push_token(&push_token("/webhooks", name), method);
                let hint = format!("{}Webhook", type_name(name));
                let payload = operation
                    .request_body
                    .as_ref()
                    .and_then(|body| self.body(body, &format!("{pointer}/requestBody"), &hint))
                    .map(|body| body.ty);
                webhooks.push(Webhook {
                    name: name.clone(),
                    method: method.to_ascii_uppercase(),
                    doc: operation.summary.clone().or(operation.description.clone()),
                    payload,
                });
            }
        }
        webhooks
    }

    /// Reports schemas that are only references to each other (`A: {$ref: B}`, `B: {$ref: A}`):
    /// no type is ever defined, so no Rust type can stand for them.
    fn alias_cycles(&mut self, types: &[TypeDef]) {
        for (start, def) in types.iter().enumerate() {
            let mut chain = vec![def.name.as_str()];
            let mut at = start;
            let mut steps = 0;
            while let TypeKind::Alias(Ty::Named(next)) = &types[at].kind {
                at = next.0;
                chain.push(types[at].name.as_str());
                steps += 1;
                if at == start {
                    // Report each cycle once, at its first member.
                    let first = chain.iter().min().copied().unwrap_or_default();
                    if first != def.name.as_str() {
                        break;
                    }
                    self.problem(
                        &def.pointer,
                        format!(
                            "a `$ref` cycle with no type in between: {}",
                            chain.join(" -> ")
                        ),
                    );
                    break;
                }
                if steps > types.len() {
                    break;
                }
            }
        }
    }

    /// Attaches the settings' envelope to every struct that has its three properties.
    fn envelopes(&mut self, types: &mut [TypeDef]) {
        let Some(settings) = &self.settings.envelope else {
            return;
        };
        let mut matched = false;
        for def in types.iter_mut() {
            let TypeKind::Struct(s) = &mut def.kind else {
                continue;
            };
            let find = |wire: &str| s.fields.iter().position(|f| f.wire_name == wire);
            if let (Some(status), Some(data), Some(error)) = (
                find(&settings.status),
                find(&settings.data),
                find(&settings.error),
            ) {
                s.envelope = Some(Envelope {
                    status,
                    success: settings.success.clone(),
                    data,
                    error,
                });
                matched = true;
            }
        }
        if !matched {
            self.problem(
                "",
                format!(
                    "the envelope in the settings (status `{}`, data `{}`, error `{}`) matches no object schema",
                    settings.status, settings.data, settings.error
                ),
            );
        }
    }
}

/// `Option<T>` for a nullable item or map value (`Json` already holds `null`).
fn nullable_ty(ty: Ty, nullable: bool) -> Ty {
    if nullable && ty != Ty::Json {
        Ty::Option(Box::new(ty))
    } else {
        ty
    }
}

fn unreachable_type() -> TypeDef {
    // Every reserved id is filled before the arena is frozen; an empty slot would be a bug in
    // this module, and an alias to a JSON value keeps the output compiling if it ever happened.
    TypeDef {
        name: "Unresolved".to_owned(),
        schema_name: None,
        pointer: String::new(),
        doc: None,
        deprecated: false,
        kind: TypeKind::Alias(Ty::Json),
        serialize: true,
        deserialize: true,
    }
}

/// `~1` and `~0` in a `$ref`'s component name.
fn unescape(name: &str) -> String {
    name.replace("~1", "/").replace("~0", "~")
}

fn string_enum(values: &[Option<String>]) -> Enum {
    enumeration(values.iter().flatten().cloned(), None, false)
}

/// An integer enum. Its variants are named as the schema's `x-enum-varnames` (or
/// `x-enumNames`) says, for the values that list names; the others after their values: `V1`,
/// `Minus1`.
fn integer_enum(values: &[i64], schema: &Schema) -> Enum {
    let names = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|key| schema.schema_data.extensions.get(*key)?.as_array())
        .map(|names| names.iter().map(|n| n.as_str()).collect::<Vec<_>>());
    enumeration(values.iter().map(i64::to_string), names, true)
}

/// The enum of these wire values, each listed once.
fn enumeration(
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
fn surface_name(ty: &Ty) -> String {
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

/// A media type without its parameters, lower-cased: `Application/JSON; charset=UTF-8` gives
/// `application/json`.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(content_type: &str) -> bool {
    let essence = essence(content_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// How a query value (or a form property) is written, from its `style` and `explode` (whose
/// default is `true` for `form` and `false` for the others). A comma-separated value marked
/// `x-collectionFormat: tsv` (by the Swagger 2.0 upgrade: 3.0 has no such style) is
/// tab-separated.
fn query_style(
    style: &openapiv3::QueryStyle,
    explode: Option<bool>,
    extensions: &IndexMap<String, serde_json::Value>,
) -> QueryStyle {
    use openapiv3::QueryStyle as Spec;
    let tabs = extensions
        .get("x-collectionFormat")
        .and_then(|v| v.as_str())
        == Some("tsv");
    match (style, explode) {
        (Spec::DeepObject, _) => QueryStyle::DeepObject,
        (Spec::Form, Some(false)) if tabs => QueryStyle::TabDelimited,
        (Spec::Form, Some(false)) => QueryStyle::Form,
        (Spec::Form, _) | (_, Some(true)) => QueryStyle::FormExploded,
        (Spec::SpaceDelimited, _) => QueryStyle::SpaceDelimited,
        (Spec::PipeDelimited, _) => QueryStyle::PipeDelimited,
    }
}

fn encoding_of(content_type: &str) -> BodyEncoding {
    let essence = essence(content_type);
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

/// The media type to use when there are several: JSON, then a form, then multipart, then
/// text, then anything else as raw bytes.
fn pick_media(
    content: &IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    let rank = |content_type: &str| match encoding_of(content_type) {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Bytes => 4,
    };
    content
        .iter()
        .min_by_key(|(k, _)| rank(k))
        .map(|(k, m)| (k.as_str(), m))
}

fn outcome(
    responses: &[Response],
    side: &dyn Fn(&Response) -> bool,
    enum_name: &str,
    names: &mut Namespace,
) -> Outcome {
    let chosen: Vec<usize> = (0..responses.len())
        .filter(|&i| side(&responses[i]))
        .collect();
    let Some(&first) = chosen.first() else {
        return Outcome::Never;
    };
    if chosen
        .iter()
        .all(|&i| responses[i].content == responses[first].content)
    {
        return Outcome::Single(responses[first].content.clone());
    }
    let mut variant_names = Namespace::default();
    let variants = chosen
        .iter()
        .map(|&i| (variant_names.claim(&status_variant(responses[i].status)), i))
        .collect();
    Outcome::Enum {
        name: names.claim(&type_name(enum_name)),
        variants,
    }
}

/// A variant name for a response status: its reason phrase where it has a well-known one.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            206 => "PartialContent".into(),
            301 => "MovedPermanently".into(),
            302 => "Found".into(),
            304 => "NotModified".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            402 => "PaymentRequired".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            409 => "Conflict".into(),
            410 => "Gone".into(),
            412 => "PreconditionFailed".into(),
            415 => "UnsupportedMediaType".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            504 => "GatewayTimeout".into(),
            other => format!("Status{other}"),
        },
        StatusMatch::Range(digit) => format!("Status{digit}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

/// Decides which serde traits each type derives: with `AsUsed`, `Serialize` for the types
/// reachable from what operations send, `Deserialize` for those reachable from what they
/// receive, and both for types no operation reaches.
fn serde_directions(
    types: &mut [TypeDef],
    operations: &[Operation],
    webhooks: &[Webhook],
    derives: crate::settings::SerdeDerives,
) {
    let sent: Vec<&Ty> = operations
        .iter()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
        })
        .collect();
    // What responses carry, and webhook payloads (which the API sends to the client).
    let received: Vec<&Ty> = operations
        .iter()
        .flat_map(|op| op.responses.iter())
        .filter_map(|r| match &r.content {
            Content::Json(ty) => Some(ty),
            _ => None,
        })
        .chain(webhooks.iter().filter_map(|w| w.payload.as_ref()))
        .collect();
    let serialize = reachable(types, sent.clone());
    let deserialize = reachable(types, received.clone());
    // A type no operation reaches derives both ways, and so must everything it contains: the
    // unused types are seeds of both closures, so a derive never names a type without it.
    let unused: Vec<Ty> = (0..types.len())
        .filter(|&i| !serialize[i] && !deserialize[i])
        .map(|i| Ty::Named(TypeId(i)))
        .collect();
    let serialize = reachable(types, sent.into_iter().chain(&unused).collect());
    let deserialize = reachable(types, received.into_iter().chain(&unused).collect());
    for (i, def) in types.iter_mut().enumerate() {
        // A type only requests carry keeps "left out" and `null` apart in its optional,
        // nullable properties (a PATCH body clears a value by sending `null`). Types that
        // responses carry keep plain `Option`s, which is all a reader needs.
        if serialize[i] && !deserialize[i] {
            // An envelope is read, never written: its `into_result` wants plain `Option`s.
            if let TypeKind::Struct(s @ Struct { envelope: None, .. }) = &mut def.kind {
                for field in &mut s.fields {
                    field.explicit_null = !field.required && field.nullable;
                }
            }
        }
        if derives == crate::settings::SerdeDerives::Both {
            continue;
        }
        def.serialize = serialize[i];
        def.deserialize = deserialize[i];
    }
}

/// Which types the `seeds` reach, through fields, variants, aliases, items and map values.
fn reachable(types: &[TypeDef], seeds: Vec<&Ty>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<TypeId> = seeds.into_iter().filter_map(Ty::named).collect();
    while let Some(id) = pending.pop() {
        if !std::mem::replace(&mut seen[id.0], true) {
            pending.extend(types[id.0].kind.held().into_iter().filter_map(Ty::named));
        }
    }
    seen
}

/// Records, for each tagged union variant, whether its struct declares the tag property.
fn mark_tag_declarations(types: &mut [TypeDef]) {
    let declares: Vec<Vec<bool>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(u) => u
                .variants
                .iter()
                .map(|v| match (&u.tag, &v.ty) {
                    (Some(tag), Ty::Named(id)) => match &types[id.0].kind {
                        TypeKind::Struct(s) => s.fields.iter().any(|f| &f.wire_name == tag),
                        _ => false,
                    },
                    _ => false,
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, flags) in types.iter_mut().zip(declares) {
        if let TypeKind::Union(u) = &mut def.kind {
            for (variant, flag) in u.variants.iter_mut().zip(flags) {
                variant.declares_tag = flag;
            }
        }
    }
}

/// Boxes every field and variant that holds a type of its own strongly connected component
/// (types that contain each other directly, not through a `Vec` or map, would have infinite
/// size).
fn box_cycles(types: &mut [TypeDef]) {
    let direct = |ty: &Ty| match ty {
        Ty::Named(id) => Some(*id),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|f| direct(&f.ty))
                .map(|i| i.0)
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| direct(&v.ty))
                .map(|i| i.0)
                .collect(),
            TypeKind::Alias(ty) => direct(ty).map(|i| i.0).into_iter().collect(),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        let same = |ty: &Ty| direct(ty).is_some_and(|id| component[id.0] == component[index]);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same(&variant.ty);
                }
            }
            _ => {}
        }
    }
}

/// Tarjan's algorithm, iteratively: the component number of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_follow_cycles_only() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 0 is not part of it; 3 -> 3 is a self-loop.
        let component = strongly_connected(&[vec![1], vec![0], vec![0], vec![3]]);
        assert_eq!(component[0], component[1]);
        assert_ne!(component[2], component[0]);
        assert_ne!(component[3], component[0]);
    }

    #[test]
    fn status_variants_use_reason_phrases() {
        assert_eq!(status_variant(StatusMatch::Code(404)), "NotFound");
        assert_eq!(status_variant(StatusMatch::Code(418)), "Status418");
        assert_eq!(status_variant(StatusMatch::Range(4)), "Status4xx");
    }

    #[test]
    fn media_types_are_classified() {
        assert!(is_json("application/json; charset=UTF-8"));
        assert!(is_json("application/problem+json"));
        assert_eq!(encoding_of("text/csv"), BodyEncoding::Text);
        assert_eq!(encoding_of("image/png"), BodyEncoding::Bytes);
    }
}
