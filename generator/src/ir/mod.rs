//! The intermediate representation: one API with every Rust naming decision already made.
//!
//! Types live in an arena indexed by [`TypeId`]; ids for every named schema are reserved before
//! any schema is lowered, so forward references and cycles need no special handling. Each field,
//! parameter and variant carries both its Rust name and its wire name.

mod reach;

pub use reach::Links;

/// An index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// One API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// The Rust module name.
    pub module: String,
    /// The Cargo feature enabling the module.
    pub feature: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub doc: Option<String>,
    /// The first server's URL, the default base URL of every operation.
    pub base_url: String,
    /// The type arena.
    pub types: Vec<TypeDef>,
    /// Operations in spec order.
    pub operations: Vec<Operation>,
    /// Webhooks (OpenAPI 3.1): requests the API sends to the client.
    pub webhooks: Vec<Webhook>,
    /// Whether a generated name shadows a name of Rust's prelude that generated code uses
    /// (`Option`, `String`, ...); if so, the code names those by their full `::std` path.
    pub std_shadowed: bool,
    /// How the generated client logs in and keeps its token, when the settings say.
    pub auth: Option<ClientAuth>,
    /// What was repaired on the way, each with its place in the spec.
    pub warnings: Vec<crate::Diagnostic>,
    /// For a Swagger 2.0 spec, where the places of the 3.0 document it was read as (which
    /// the pointers here name) are in the 2.0 text; see [`Api::source_pointer`].
    pub(crate) origins: crate::spec::upgrade::Origins,
}

impl Api {
    /// The place in the spec as written of a pointer into the document the API was read
    /// from: the same pointer, except for a Swagger 2.0 spec, which was read as OpenAPI 3.0.
    pub fn source_pointer(&self, pointer: &str) -> String {
        self.origins.source_of(pointer)
    }

    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Every place where a type derives a serde trait that a type it contains does not, so
    /// that the derive would not compile: `(container, contained, trait)`. Lowering keeps this
    /// empty; it is public so that tests can hold every spec to it.
    pub fn derive_gaps(&self) -> Vec<(String, String, &'static str)> {
        let mut gaps = Vec::new();
        for def in &self.types {
            for inner in def.kind.held().into_iter().filter_map(Ty::named) {
                let inner = self.ty(inner);
                for (outer_has, inner_has, name) in [
                    (def.serialize, inner.serialize, "Serialize"),
                    (def.deserialize, inner.deserialize, "Deserialize"),
                ] {
                    if outer_has && !inner_has {
                        gaps.push((def.name.clone(), inner.name.clone(), name));
                    }
                }
            }
        }
        gaps
    }
}

/// A Rust type as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// A string that must not be printed: `runtime::SecretString`.
    Secret,
    /// `chrono::DateTime<FixedOffset>` (format `date-time`).
    DateTime,
    /// `chrono::NaiveDate` (format `date`).
    Date,
    /// Any JSON value.
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// Raw bytes: `Vec<u8>`.
    Bytes,
    /// A nullable array item or map value: `Option<T>`.
    Option(Box<Ty>),
    /// A generated type.
    Named(TypeId),
}

impl Ty {
    /// The generated type this type is or wraps (in `Vec`, a map or `Option`), if any.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            Ty::Named(id) => Some(*id),
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => inner.named(),
            _ => None,
        }
    }
}

/// A webhook: a request the API sends, whose body the client receives.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its key in `webhooks`.
    pub name: String,
    /// The HTTP method, upper case.
    pub method: String,
    /// `summary` or `description`.
    pub doc: Option<String>,
    /// The type of the body it sends.
    pub payload: Option<Ty>,
}

/// A generated type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// The schema's name in `components/schemas`, for named schemas.
    pub schema_name: Option<String>,
    /// Where the schema is.
    pub pointer: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What the type is.
    pub kind: TypeKind,
    /// Whether the type derives `Serialize` (it is sent, or the settings ask for both ways).
    pub serialize: bool,
    /// Whether the type derives `Deserialize` (it is received, or the settings ask for both).
    pub deserialize: bool,
}

/// The shapes a generated type takes.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with declared properties.
    Struct(Struct),
    /// A string or integer enum, with a catch-all variant for values the spec does not list.
    Enum(Enum),
    /// A `oneOf` or `anyOf`.
    Union(Union),
    /// A named schema that is another type: `pub type Name = ...;`.
    Alias(Ty),
}

impl TypeKind {
    /// The types a value of this kind holds directly, and where: its fields and extra
    /// properties, its variants, or the type it aliases.
    pub fn holdings(&self) -> Vec<(Holding, &Ty)> {
        match self {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| (Holding::Field(i), &f.ty))
                .chain(s.additional.iter().map(|ty| (Holding::Extra, ty)))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| (Holding::Variant(i), &v.ty))
                .collect(),
            TypeKind::Alias(ty) => vec![(Holding::Alias, ty)],
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    /// The types a value of this kind holds directly (see [`TypeKind::holdings`]).
    pub fn held(&self) -> Vec<&Ty> {
        self.holdings().into_iter().map(|(_, ty)| ty).collect()
    }
}

/// Where a type holds a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    /// The field at this index.
    Field(usize),
    /// The extra properties' values.
    Extra,
    /// The union variant at this index.
    Variant(usize),
    /// The type an alias is written as.
    Alias,
}

/// An object.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Extra properties, when `additionalProperties` allows them.
    pub additional: Option<Ty>,
    /// The Rust name of the field that holds them (`additional_properties`, unless a
    /// property has that name).
    pub additional_name: String,
    /// Set when the settings' envelope matches this struct.
    pub envelope: Option<Envelope>,
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name (may be `r#type`).
    pub name: String,
    /// Property name on the wire.
    pub wire_name: String,
    /// The value's type, without the `Option` that `required`/`nullable` add.
    pub ty: Ty,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the property may be `null`.
    pub nullable: bool,
    /// Boxed to break a cycle of structs containing each other.
    pub boxed: bool,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Where the property is declared (for a merged `allOf`, in the branch that declares it).
    pub pointer: String,
    /// What the schema allows of the value besides its type.
    pub constraints: Constraints,
    /// Whether "left out" and `null` are kept apart: an optional, nullable property of a type
    /// that only requests carry is `Option<Option<T>>`, so that a request can send `null`.
    pub explicit_null: bool,
}

/// What a schema allows of a value besides its type: lengths, bounds, a pattern, sizes. The
/// generated code does not check them (the server does); the diff reports their changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// Every `pattern` that applies (a wrapper's and the schema's it wraps).
    pub patterns: Vec<String>,
    /// `minimum`, with `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `maximum`, with `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
}

impl Constraints {
    /// Adds the constraints of `other` (the schema this one wraps): a value must pass both, so
    /// the stricter limit of each pair holds.
    pub fn intersect(&mut self, other: Constraints) {
        fn stricter<T>(a: Option<T>, b: Option<T>, pick: fn(T, T) -> T) -> Option<T> {
            match (a, b) {
                (Some(a), Some(b)) => Some(pick(a, b)),
                (a, b) => a.or(b),
            }
        }
        self.min_length = stricter(self.min_length, other.min_length, u64::max);
        self.max_length = stricter(self.max_length, other.max_length, u64::min);
        self.min_items = stricter(self.min_items, other.min_items, u64::max);
        self.max_items = stricter(self.max_items, other.max_items, u64::min);
        self.min_properties = stricter(self.min_properties, other.min_properties, u64::max);
        self.max_properties = stricter(self.max_properties, other.max_properties, u64::min);
        self.minimum = stricter(self.minimum, other.minimum, |a, b| {
            if b.value > a.value || (b.value == a.value && b.exclusive) {
                b
            } else {
                a
            }
        });
        self.maximum = stricter(self.maximum, other.maximum, |a, b| {
            if b.value < a.value || (b.value == a.value && b.exclusive) {
                b
            } else {
                a
            }
        });
        // Of two steps, one a multiple of the other, the larger is stricter; two unrelated
        // steps would need their least common multiple, and the outer one is kept.
        self.multiple_of = stricter(self.multiple_of, other.multiple_of, |a, b| {
            if a != 0.0 && (b / a).fract() == 0.0 {
                b
            } else {
                a
            }
        });
        self.unique_items |= other.unique_items;
        for pattern in other.patterns {
            if !self.patterns.contains(&pattern) {
                self.patterns.push(pattern);
            }
        }
    }
}

/// A numeric bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The bound.
    pub value: f64,
    /// Whether the bound itself is left out.
    pub exclusive: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// How an envelope struct turns into a `Result`.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Index of the status field.
    pub status: usize,
    /// The wire value of the status that means success.
    pub success: serde_json::Value,
    /// Index of the data field.
    pub data: usize,
    /// Index of the error field.
    pub error: usize,
}

/// A string or integer enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Known values in spec order.
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant holding any other value.
    pub unknown: String,
    /// Whether the values are integers (each variant's `wire` is then the number's decimal
    /// text, and the catch-all variant holds an `i64`).
    pub integer: bool,
}

/// An enum value.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust name.
    pub name: String,
    /// Value on the wire; for an integer enum, the number written in decimal.
    pub wire: String,
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone)]
pub struct Union {
    /// The discriminator's property, for a tagged union; `None` for an untagged one.
    pub tag: Option<String>,
    /// Variants in spec order.
    pub variants: Vec<UnionVariant>,
}

/// One branch of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust name.
    pub name: String,
    /// The branch's type.
    pub ty: Ty,
    /// The tag value that selects this branch (tagged unions only).
    pub tag_value: Option<String>,
    /// Whether the branch's own schema declares the tag property.
    pub declares_tag: bool,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
}

/// One API operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Rust name of the builder type.
    pub name: String,
    /// Rust name of the async client's method that sends it.
    pub client_method: String,
    /// `operationId`, or the stable name made from method and path.
    pub operation_id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// The path template as written.
    pub path: String,
    /// The path template split into literals and parameters.
    pub segments: Vec<Segment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Parameters: path-level and operation-level, merged.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Documented responses in spec order.
    pub responses: Vec<Response>,
    /// What a success decodes to.
    pub success: Outcome,
    /// What a documented error decodes to.
    pub error: Outcome,
    /// Credentials the caller can supply.
    pub auth: Vec<AuthMethod>,
    /// The headers its responses declare, read by `response_headers`.
    pub response_headers: Option<ResponseHeaders>,
    /// Where the operation is.
    pub pointer: String,
    /// The group it is in (a Cargo feature name, see `settings::GroupBy`); `None` when the
    /// API is not grouped.
    pub group: Option<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Literal text.
    Literal(String),
    /// The parameter at this index of [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// An operation parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Rust name (field and setter).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be given; required parameters are arguments of `new`.
    pub required: bool,
    /// How a query value is written.
    pub style: QueryStyle,
    /// Whether the value is sent as JSON text (a parameter described by JSON `content`).
    pub json: bool,
    /// Where the parameter is declared.
    pub pointer: String,
    /// What the schema allows of the value besides its type.
    pub constraints: Constraints,
    /// The value the server assumes when the parameter is left out.
    pub default: Option<serde_json::Value>,
    /// Rustdoc.
    pub doc: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// How a query parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, `explode: true` (the default): `id=1&id=2`.
    FormExploded,
    /// `form`, `explode: false`: `id=1,2`.
    Form,
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// Tab-separated (Swagger 2.0's `collectionFormat: tsv`): `id=1%092`.
    TabDelimited,
    /// `deepObject`: `filter[status]=paid`.
    DeepObject,
}

impl QueryStyle {
    /// The style as the spec names it.
    pub fn name(self) -> &'static str {
        match self {
            QueryStyle::FormExploded => "form, exploded",
            QueryStyle::Form => "form",
            QueryStyle::SpaceDelimited => "spaceDelimited",
            QueryStyle::PipeDelimited => "pipeDelimited",
            QueryStyle::TabDelimited => "tab-delimited",
            QueryStyle::DeepObject => "deepObject",
        }
    }

    /// Its name in the generated crate's runtime.
    pub fn variant(self) -> &'static str {
        match self {
            QueryStyle::FormExploded => "FormExploded",
            QueryStyle::Form => "Form",
            QueryStyle::SpaceDelimited => "SpaceDelimited",
            QueryStyle::PipeDelimited => "PipeDelimited",
            QueryStyle::TabDelimited => "TabDelimited",
            QueryStyle::DeepObject => "DeepObject",
        }
    }
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Text as it is.
    Text,
    /// Bytes as they are.
    Bytes,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be sent; a required body is an argument of `new`.
    pub required: bool,
    /// Rustdoc.
    pub doc: Option<String>,
    /// Form and multipart properties whose `encoding` gives them a style other than `form`,
    /// exploded (`deepObject`, comma-separated, ...), with that style.
    pub styles: Vec<(String, QueryStyle)>,
    /// Every media type the spec lists for the body (the generator uses one of them).
    pub media_types: Vec<String>,
}

/// Which statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `1XX` to `5XX`: the first digit.
    Range(u16),
    /// `default`: every status not otherwise documented.
    Default,
}

impl StatusMatch {
    /// Whether responses with this status are successes.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(digit) => digit == 2,
            StatusMatch::Default => false,
        }
    }

    /// How the status is written in the spec.
    pub fn spec_text(self) -> String {
        match self {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(digit) => format!("{digit}XX"),
            StatusMatch::Default => "default".to_owned(),
        }
    }
}

/// What a response body decodes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// No body.
    Empty,
    /// A JSON body of this type.
    Json(Ty),
    /// A text body.
    Text,
    /// A body kept as bytes.
    Bytes,
}

/// A documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// `description`.
    pub description: Option<String>,
    /// Its body.
    pub content: Content,
    /// Whether it is on the success side of the operation's result: a 2xx status, or
    /// `default` when no 2xx status is documented.
    pub success: bool,
    /// Every media type the spec lists for the response.
    pub media_types: Vec<String>,
}

/// The headers an operation's responses declare, as one struct.
#[derive(Debug, Clone)]
pub struct ResponseHeaders {
    /// Rust name of the struct.
    pub name: String,
    /// One field per header, in spec order (the first response that declares a name wins).
    pub fields: Vec<ResponseHeader>,
}

/// A header a response declares.
#[derive(Debug, Clone)]
pub struct ResponseHeader {
    /// Rust field name.
    pub name: String,
    /// The header's name, in lower case.
    pub wire: String,
    /// Its value's type: a string, a secret, a number or a boolean.
    pub ty: Ty,
    /// `description`.
    pub doc: Option<String>,
}

/// One side (success or error) of an operation's result.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Nothing is documented on this side.
    Never,
    /// Every documented response on this side has the same body type.
    Single(Content),
    /// Responses differ: an enum with a variant per response.
    Enum {
        /// Rust name of the enum.
        name: String,
        /// `(variant name, index into Operation::responses)`.
        variants: Vec<(String, usize)>,
    },
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: <scheme> <credentials>`, for any other HTTP authentication scheme
    /// (RFC 9110 §11.6.2): a vendor's own (`PortOne`, `VendorKey`) or a standard one whose
    /// credentials the caller computes (`Digest`).
    Http(String),
    /// `Authorization: Basic ...` from a user name and password.
    Basic,
    /// An API key in the header [`AuthMethod::name`].
    Header,
    /// An API key in the query parameter [`AuthMethod::name`].
    Query,
    /// An API key in the cookie [`AuthMethod::name`].
    Cookie,
}

/// A credential setter on a builder, from one security scheme.
#[derive(Debug, Clone)]
pub struct AuthMethod {
    /// The setter's name.
    pub setter: String,
    /// The scheme's key in `components/securitySchemes`.
    pub scheme: String,
    /// The header, query parameter or cookie it goes into.
    pub name: String,
    /// How.
    pub kind: AuthKind,
    /// Rustdoc.
    pub doc: Option<String>,
}

/// How the generated client gets, keeps and sends an access token: the settings' `[auth]`,
/// resolved against the API's operations and types.
#[derive(Debug, Clone)]
pub struct ClientAuth {
    /// Index of the login operation in [`Api::operations`].
    pub login: usize,
    /// The login's request body: the credentials the client is made with.
    pub credentials: TypeId,
    /// Where the tokens are in the login's answer.
    pub login_tokens: TokenSource,
    /// How the refresh token is traded for new tokens, when the API can.
    pub refresh: Option<Refresh>,
    /// Seconds a token lives when neither a JWT `exp` nor the server's clock says.
    pub lifetime: Option<u64>,
    /// The security scheme's key; operations that accept it get the token.
    pub scheme: Option<String>,
    /// Seconds before expiry at which the token is renewed.
    pub margin: u64,
}

/// The refresh operation.
#[derive(Debug, Clone)]
pub struct Refresh {
    /// Index in [`Api::operations`].
    pub operation: usize,
    /// Its request body type.
    pub body: TypeId,
    /// The index of the body field that carries the refresh token.
    pub field: usize,
    /// Where the tokens are in its answer.
    pub tokens: TokenSource,
}

/// Where the tokens are in an operation's success body.
#[derive(Debug, Clone)]
pub struct TokenSource {
    /// Whether the body is the API's envelope, unwrapped with `into_result` first.
    pub envelope: bool,
    /// The access token.
    pub access: TokenPath,
    /// The refresh token.
    pub refresh: Option<TokenPath>,
    /// The server's current time and the token's expiry by it (UNIX seconds).
    pub server_clock: Option<(TokenPath, TokenPath)>,
}

/// A property reached by stepping through fields.
#[derive(Debug, Clone)]
pub struct TokenPath {
    /// The path as the settings wrote it (wire names).
    pub wire: String,
    /// Rust field names, each with whether it is an `Option`.
    pub steps: Vec<(String, bool)>,
    /// The type at the end.
    pub ty: Ty,
}
