//! How a schema reads, whichever way `openapiv3` represents it: its keywords in one view,
//! its own constraints, properties and documentation, what it defines ([`shape`]), the names
//! of the schemas `$ref`s reach inside others, and how its values are read ([`Read`]: as JSON
//! or as multipart parts).

use super::*;

/// A type name for a schema inside another: `#/components/schemas/Pet/properties/owner_id`
/// gives `PetOwnerId`; the keywords on the way are left out. Inside an operation, the name
/// starts as the operation's own inline types do: `#/paths/~1pets/get/responses/200/content/
/// application~1json/schema/items` gives `ListPetsResponse200Item`.
pub(super) fn inner_name(reference: &str, document: &OpenAPI) -> String {
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
pub(super) struct View<'s> {
    pub(super) typ: Option<&'s str>,
    pub(super) format: Option<&'s str>,
    pub(super) properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub(super) required: &'s [String],
    pub(super) additional: Option<&'s AdditionalProperties>,
    pub(super) items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub(super) strings: Vec<Option<String>>,
    /// The integer values an integer schema lists.
    pub(super) integers: Vec<i64>,
    pub(super) one_of: &'s [ReferenceOr<Schema>],
    pub(super) any_of: &'s [ReferenceOr<Schema>],
    pub(super) all_of: &'s [ReferenceOr<Schema>],
}

pub(super) fn view(schema: &Schema) -> View<'_> {
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
pub(super) fn own_constraints(schema: &Schema) -> Constraints {
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
pub(super) fn component<'c, T>(
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
pub(super) enum SchemaRef<'s> {
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
pub(super) struct Merge<'a> {
    pub(super) properties: Vec<Property<'a>>,
    pub(super) required: Vec<String>,
    /// The schemas being merged, outermost first: a branch that is one of them is a cycle.
    pub(super) path: Vec<String>,
    /// The branches merged already.
    pub(super) merged: std::collections::BTreeSet<String>,
}

/// A property on its way into a struct, with the place it was declared.
pub(super) struct Property<'a> {
    pub(super) wire: &'a str,
    pub(super) schema: &'a ReferenceOr<Box<Schema>>,
    pub(super) pointer: String,
}

pub(super) fn own_properties<'a>(v: &View<'a>, pointer: &str) -> Vec<Property<'a>> {
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

/// The documentation of the type a schema defines: its description, else its title.
pub(super) fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.clone().or(data.title.clone())
}

/// What a schema defines as a type of its own, if anything: a union, a struct (with `allOf`
/// merged, or of its own properties) or an enum. Anything else is a use of another type (a
/// primitive, a list, a map, a `$ref`).
pub(super) enum Shape<'s> {
    /// `oneOf` or `anyOf` with more than one branch, and the keyword.
    Union(&'s [ReferenceOr<Schema>], &'static str),
    Merged,
    Struct,
    StringEnum,
    IntegerEnum,
}

pub(super) fn shape<'s>(v: &View<'s>) -> Option<Shape<'s>> {
    Some(if v.one_of.len() > 1 {
        Shape::Union(v.one_of, "oneOf")
    } else if v.any_of.len() > 1 {
        Shape::Union(v.any_of, "anyOf")
    } else if v.all_of.len() > 1 || (v.all_of.len() == 1 && v.properties.is_some()) {
        Shape::Merged
    } else if v.properties.is_some_and(|p| !p.is_empty()) {
        Shape::Struct
    } else if v.typ == Some("string") && v.strings.iter().any(Option::is_some) {
        Shape::StringEnum
    } else if v.typ == Some("integer") && !v.integers.is_empty() {
        Shape::IntegerEnum
    } else {
        return None;
    })
}

/// How a schema's values are read: as JSON, or as the parts of a multipart form, where a
/// `format: binary` string is raw bytes. A schema read both ways is lowered once for each.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Read {
    Json,
    Part,
}
