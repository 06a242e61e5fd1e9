//! The small runtime that every generated API module calls into.
//!
//! It is plain, hand-written code that oapigen copies into the generated crate, so the crate has no
//! dependency on the generator. Each generated operation describes itself (method, path, parameters,
//! documented responses) and leaves the mechanics to the generic functions here: building an
//! [`http::Request`], and turning an [`http::Response`] into the operation's typed result.

use ::std::fmt;

pub use ::http;

/// One API operation: a request builder that knows how to read the answer to its request.
///
/// The operation stays sans-IO: [`Operation::build`] gives an [`http::Request`] that any HTTP
/// client can send, and [`Operation::parse_response`] reads what came back.
pub trait Operation: Sized {
    /// What a documented success response decodes to.
    type Output;
    /// What a documented error response decodes to.
    type Error;

    /// The server the operation is sent to when no other base URL is given.
    const DEFAULT_BASE_URL: &'static str;

    /// Builds the request against `base_url` (scheme, host and optional path prefix).
    fn build_with_base_url(self, base_url: &str) -> Result<http::Request<Vec<u8>>, BuildError>;

    /// Builds the request against the server named in the spec.
    fn build(self) -> Result<http::Request<Vec<u8>>, BuildError> {
        self.build_with_base_url(Self::DEFAULT_BASE_URL)
    }

    /// Reads a response to this operation's request: a documented success gives `Ok`, a
    /// documented error gives [`ResponseError::Api`], anything else gives
    /// [`ResponseError::Unexpected`] with the status and body kept.
    fn parse_response<B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<Self::Output, ResponseError<Self::Error>>;
}

/// What building a request gives.
pub type BuildResult = Result<http::Request<Vec<u8>>, BuildError>;

/// What parsing the response to operation `O` gives.
pub type ParseResult<O> = Result<<O as Operation>::Output, ResponseError<<O as Operation>::Error>>;

/// Defines a string enum that keeps the values it does not list: every generated string enum
/// is written with it. Each listed value becomes a unit variant; any other value goes into
/// the catch-all variant named after `_ =>`, so a value the server adds later still parses.
/// The enum gets `as_str`, `Display`, `From<&str>`, `From<String>` and serde impls that use
/// the wire strings.
#[allow(unused_macros)]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident = $wire:literal,)*
            _ => $unknown:ident,
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )*
            /// A value this version of the spec does not list.
            $unknown(::std::string::String),
        }

        #[allow(deprecated)]
        impl $name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::$unknown(value),
                }
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// Defines an integer enum that keeps the values it does not list, as `string_enum!` does for
/// strings: each listed value becomes a unit variant, and any other goes into the catch-all
/// variant named after `_ =>`. The enum gets `value`, `Display`, `From<i64>` and serde impls
/// that use the numbers.
#[allow(unused_macros)]
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($variant:ident = $wire:literal,)*
            _ => $unknown:ident,
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $(
                #[doc = concat!("`", stringify!($wire), "`")]
                $variant,
            )*
            /// A value this version of the spec does not list.
            $unknown(i64),
        }

        #[allow(deprecated)]
        impl $name {
            /// The value as it is sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(other),
                }
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// A string that must not show up in logs: `Debug` prints `"***"` and there is no `Display`.
///
/// Serialises and deserialises as a plain string; read it with [`SecretString::expose`].
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself. Take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Unwraps the secret.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl From<String> for SecretString {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for SecretString {
    fn from(secret: &str) -> Self {
        Self(secret.to_owned())
    }
}

impl ::std::str::FromStr for SecretString {
    type Err = ::std::convert::Infallible;

    fn from_str(secret: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(secret))
    }
}

/// A header of an answer, read as `T`: `None` when it is missing, is not text, or does not
/// parse (a response header the spec declares, for a generated `response_headers`).
pub fn header_value<T: ::std::str::FromStr>(headers: &http::HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Serde glue for an optional, nullable property of a request body, typed
/// `Option<Option<T>>`: `None` leaves the property out (with `skip_serializing_if`),
/// `Some(None)` sends `null`, and `Some(Some(value))` sends the value. Read back, a `null` is
/// `Some(None)` and a missing property `None`. A form or multipart body has no `null`, and
/// leaves a `Some(None)` out too.
pub mod explicit_null {
    /// Writes the inner `Option`: `null` or the value.
    pub fn serialize<S, T>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
        T: serde::Serialize,
    {
        match value {
            Some(inner) => serde::Serialize::serialize(inner, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a present property: `null` is `Some(None)`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: serde::Deserializer<'de>,
        T: serde::Deserialize<'de>,
    {
        <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
    }
}

/// Why a request could not be built. No variant carries a header value, which may be a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A header value holds a character HTTP forbids there (CR, LF, other control characters).
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// A header name from the spec is not a valid HTTP header name.
    InvalidHeaderName {
        /// The name.
        name: &'static str,
    },
    /// A parameter's value has a shape its location cannot carry.
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// What was wrong with it.
        reason: String,
    },
    /// The request body could not be serialised.
    Body(serde_json::Error),
    /// The base URL and path do not make a valid URI.
    InvalidUri(http::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidHeaderValue { name } => {
                write!(
                    f,
                    "the value of header `{name}` is not a valid HTTP header value"
                )
            }
            Self::InvalidHeaderName { name } => write!(f, "`{name}` is not a valid header name"),
            Self::InvalidParameter { name, reason } => {
                write!(f, "parameter `{name}` cannot be sent: {reason}")
            }
            Self::Body(e) => write!(f, "the request body could not be serialised: {e}"),
            Self::InvalidUri(e) => write!(f, "the request URI is invalid: {e}"),
        }
    }
}

impl ::std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Body(e) => Some(e),
            Self::InvalidUri(e) => Some(e),
            _ => None,
        }
    }
}

/// A parameter value sent as JSON text (a parameter the spec describes by JSON `content`).
pub struct AsJson<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> serde::Serialize for AsJson<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let text = serde_json::to_string(self.0).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

/// How array parameters are written in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` with `explode: true`: `id=1&id=2`.
    FormExploded,
    /// `form` with `explode: false`: `id=1,2`.
    Form,
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// Tab-separated (Swagger 2.0's `tsv`): `id=1%092`.
    TabDelimited,
    /// `deepObject`: `filter[status]=paid&filter[ids][0]=1`.
    DeepObject,
}

impl QueryStyle {
    /// What joins the items of an array written as one value; `None` for repeated keys.
    fn separator(self) -> Option<&'static str> {
        match self {
            QueryStyle::Form => Some(","),
            QueryStyle::SpaceDelimited => Some(" "),
            QueryStyle::PipeDelimited => Some("|"),
            QueryStyle::TabDelimited => Some("\t"),
            QueryStyle::FormExploded | QueryStyle::DeepObject => None,
        }
    }
}

/// Assembles an [`http::Request`] for a generated operation.
#[derive(Debug)]
pub struct RequestBuilder {
    method: http::Method,
    uri: String,
    has_query: bool,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl RequestBuilder {
    /// Starts a request to `base_url`; a trailing `/` on the base URL is ignored.
    pub fn new(method: http::Method, base_url: &str) -> Self {
        Self {
            method,
            uri: base_url.trim_end_matches('/').to_owned(),
            has_query: false,
            headers: http::HeaderMap::new(),
            body: Vec::new(),
        }
    }

    /// Appends a literal piece of the path template.
    pub fn path(mut self, literal: &str) -> Self {
        self.uri.push_str(literal);
        self
    }

    /// Appends a path parameter, percent-encoded so that `/`, `?`, `#`, spaces and non-ASCII
    /// characters stay inside the one path segment. An empty value, `.` and `..` are refused:
    /// URL normalisation would drop or climb over such a segment, sending the request to
    /// another path.
    pub fn path_param<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, BuildError> {
        let text = scalar_text(name, value)?;
        if matches!(text.as_str(), "" | "." | "..") {
            return Err(BuildError::InvalidParameter {
                name,
                reason: format!("`{text}` cannot be a path segment"),
            });
        }
        percent_encode(&text, &mut self.uri);
        Ok(self)
    }

    /// Adds a query parameter; `None` adds nothing.
    pub fn query<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
        style: QueryStyle,
    ) -> Result<Self, BuildError> {
        let Some(value) = value else { return Ok(self) };
        let value = to_value(value).map_err(|e| BuildError::InvalidParameter {
            name,
            reason: e.to_string(),
        })?;
        let mut pairs = Vec::new();
        match (style, value) {
            (_, serde_json::Value::Null) => {}
            (QueryStyle::DeepObject, value) | (_, value @ serde_json::Value::Object(_)) => {
                deep_pairs(name.to_owned(), &value, &mut pairs);
            }
            (style, serde_json::Value::Array(items)) => match style.separator() {
                // An empty list written as one value is left out, as `None` is.
                Some(_) if items.is_empty() => {}
                Some(separator) => {
                    let texts = items
                        .iter()
                        .map(|item| scalar_text(name, item))
                        .collect::<Result<Vec<_>, _>>()?;
                    pairs.push((name.to_owned(), texts.join(separator)));
                }
                None => {
                    for item in &items {
                        pairs.push((name.to_owned(), scalar_text(name, item)?));
                    }
                }
            },
            (_, other) => pairs.push((name.to_owned(), scalar_text(name, &other)?)),
        }
        for (key, text) in &pairs {
            self.push_query_pair(key, text);
        }
        Ok(self)
    }

    fn push_query_pair(&mut self, name: &str, value: &str) {
        self.uri.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        percent_encode(name, &mut self.uri);
        self.uri.push('=');
        percent_encode(value, &mut self.uri);
    }

    /// Sets a header parameter; `None` sets nothing. A value with CR, LF or another character
    /// HTTP forbids is refused rather than sent.
    pub fn header<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
    ) -> Result<Self, BuildError> {
        if let Some(value) = value {
            let text = scalar_text(name, value)?;
            let value = http::HeaderValue::from_str(&text)
                .map_err(|_| BuildError::InvalidHeaderValue { name })?;
            self.headers.insert(header_name(name)?, value);
        }
        Ok(self)
    }

    /// Adds a cookie parameter to the `Cookie` header; `None` adds nothing. The value is
    /// percent-encoded, so that `;` and `,` cannot end it early.
    pub fn cookie<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
    ) -> Result<Self, BuildError> {
        if let Some(value) = value {
            let mut pair = String::new();
            if let Some(existing) = self.headers.get(http::header::COOKIE) {
                pair.push_str(existing.to_str().unwrap_or_default());
                pair.push_str("; ");
            }
            pair.push_str(name);
            pair.push('=');
            percent_encode(&scalar_text(name, value)?, &mut pair);
            let value = http::HeaderValue::from_str(&pair)
                .map_err(|_| BuildError::InvalidHeaderValue { name: "Cookie" })?;
            self.headers.insert(http::header::COOKIE, value);
        }
        Ok(self)
    }

    /// Applies the credentials a caller supplied. Header values are marked sensitive, so the
    /// `http` crate's `Debug` does not print them.
    pub fn auth(mut self, credentials: &[Credential]) -> Result<Self, BuildError> {
        for credential in credentials {
            let secret = credential.value.expose();
            let text = match credential.scheme {
                AuthScheme::Bearer => format!("Bearer {secret}"),
                AuthScheme::Http(scheme) => format!("{scheme} {secret}"),
                AuthScheme::Basic => format!("Basic {}", base64(secret.as_bytes())),
                AuthScheme::Header => secret.to_owned(),
                AuthScheme::Query => {
                    self.push_query_pair(credential.name, secret);
                    continue;
                }
                AuthScheme::Cookie => {
                    let mut cookie = String::new();
                    if let Some(existing) = self.headers.get(http::header::COOKIE) {
                        cookie.push_str(existing.to_str().unwrap_or_default());
                        cookie.push_str("; ");
                    }
                    cookie.push_str(credential.name);
                    cookie.push('=');
                    cookie.push_str(secret);
                    let mut value = http::HeaderValue::from_str(&cookie)
                        .map_err(|_| BuildError::InvalidHeaderValue { name: "Cookie" })?;
                    value.set_sensitive(true);
                    self.headers.insert(http::header::COOKIE, value);
                    continue;
                }
            };
            let mut value =
                http::HeaderValue::from_str(&text).map_err(|_| BuildError::InvalidHeaderValue {
                    name: credential.name,
                })?;
            value.set_sensitive(true);
            self.headers.insert(header_name(credential.name)?, value);
        }
        Ok(self)
    }

    /// Serialises `body` as JSON and sets the content type the spec names; `None` sends no body.
    pub fn json_body<T: serde::Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: Option<&T>,
    ) -> Result<Self, BuildError> {
        match body {
            Some(body) => {
                let bytes = serde_json::to_vec(body).map_err(BuildError::Body)?;
                Ok(self.raw_body(content_type, bytes))
            }
            None => Ok(self),
        }
    }

    /// Sends `body` as `application/x-www-form-urlencoded`: each property a `key=value` pair,
    /// arrays as repeated keys (or one value, for the properties `styles` gives a delimited
    /// style), nested objects (and the properties `styles` encodes as `deepObject`) as
    /// `key[sub]=value` and `key[0]=value`. `None` sends no body.
    pub fn form_body<T: serde::Serialize + ?Sized>(
        self,
        content_type: &'static str,
        body: Option<&T>,
        styles: &[(&str, QueryStyle)],
    ) -> Result<Self, BuildError> {
        let Some(body) = body else { return Ok(self) };
        let mut text = String::new();
        for (key, value) in form_pairs(body, styles)? {
            if !text.is_empty() {
                text.push('&');
            }
            percent_encode(&key, &mut text);
            text.push('=');
            percent_encode(&value, &mut text);
        }
        Ok(self.raw_body(content_type, text.into_bytes()))
    }

    /// Sends `body` as `multipart/form-data`: a part per property, named as [`Self::form_body`]
    /// names them. The properties in `binary` (byte arrays) are sent as file parts of raw
    /// bytes. `None` sends no body.
    pub fn multipart_body<T: serde::Serialize + ?Sized>(
        self,
        body: Option<&T>,
        styles: &[(&str, QueryStyle)],
        binary: &[&str],
    ) -> Result<Self, BuildError> {
        let Some(body) = body else { return Ok(self) };
        let value = to_value(body).map_err(BuildError::Body)?;
        let mut parts: Vec<(String, Vec<u8>, bool)> = Vec::new();
        if let serde_json::Value::Object(object) = &value {
            for (key, field) in object {
                if binary.contains(&key.as_str()) {
                    let bytes = match field {
                        serde_json::Value::Array(items) => items
                            .iter()
                            .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                            .collect::<Option<Vec<u8>>>(),
                        _ => None,
                    };
                    match bytes {
                        Some(bytes) => parts.push((key.clone(), bytes, true)),
                        None => {
                            return Err(BuildError::InvalidParameter {
                                name: "body",
                                reason: format!("`{key}` is not a byte array"),
                            });
                        }
                    }
                }
            }
        }
        let text_only: serde_json::Value = match value {
            serde_json::Value::Object(mut object) => {
                object.retain(|key, _| !binary.contains(&key.as_str()));
                serde_json::Value::Object(object)
            }
            other => other,
        };
        for (key, text) in form_pairs(&text_only, styles)? {
            parts.push((key, text.into_bytes(), false));
        }
        // A boundary that occurs in no part.
        let mut boundary = String::from("oapigen-boundary-7MA4YWxkTrZu0gW");
        while parts.iter().any(|(_, bytes, _)| {
            bytes
                .windows(boundary.len())
                .any(|w| w == boundary.as_bytes())
        }) {
            boundary.push('x');
        }
        let mut out = Vec::new();
        for (name, bytes, is_file) in &parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = name.replace('"', "%22");
            if *is_file {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
            } else {
                out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                );
            }
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut this = self;
        this.body = out;
        let content_type =
            http::HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
                .map_err(|_| BuildError::InvalidHeaderValue {
                    name: "Content-Type",
                })?;
        this.headers
            .insert(http::header::CONTENT_TYPE, content_type);
        Ok(this)
    }

    /// Sends `body` as it is, with the content type the spec names; `None` sends no body.
    pub fn text_body(self, content_type: &'static str, body: Option<&str>) -> Self {
        match body {
            Some(body) => self.raw_body(content_type, body.as_bytes().to_vec()),
            None => self,
        }
    }

    /// Sends `body` as it is, with the content type the spec names; `None` sends no body.
    pub fn bytes_body(self, content_type: &'static str, body: Option<&[u8]>) -> Self {
        match body {
            Some(body) => self.raw_body(content_type, body.to_vec()),
            None => self,
        }
    }

    fn raw_body(mut self, content_type: &'static str, body: Vec<u8>) -> Self {
        self.body = body;
        self.headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(content_type),
        );
        self
    }

    /// Finishes the request.
    pub fn finish(self) -> Result<http::Request<Vec<u8>>, BuildError> {
        let mut request = http::Request::builder()
            .method(self.method)
            .uri(self.uri)
            .body(self.body)
            .map_err(BuildError::InvalidUri)?;
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// How a credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// In the header `name`, as `Bearer <token>`.
    Bearer,
    /// In the header `name`, as `<scheme> <credentials>`: any other HTTP authentication
    /// scheme, the credentials as the caller gives them.
    Http(&'static str),
    /// In the header `name`, as `Basic <base64 of user:password>`; the value is `user:password`.
    Basic,
    /// The whole value of the header `name` (an API key header).
    Header,
    /// The query parameter `name` (an API key in the query).
    Query,
    /// The cookie `name` (an API key in a cookie).
    Cookie,
}

/// A credential for one of the spec's security schemes. `Debug` hides the secret.
#[derive(Debug, Clone)]
pub struct Credential {
    /// The header, query parameter or cookie the credential goes into.
    pub name: &'static str,
    /// How it is sent.
    pub scheme: AuthScheme,
    /// The token, key, or `user:password`.
    pub value: SecretString,
}

/// Standard base64 with padding (RFC 4648), for HTTP basic authentication.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A JSON value of `value`, written and read back rather than converted directly, so that an
/// `f32` keeps its shortest form (`0.1`, not `0.10000000149011612`).
fn to_value<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(value)?)
}

/// A header name from the spec; HTTP names are case-insensitive and sent in lower case.
fn header_name(name: &'static str) -> Result<http::HeaderName, BuildError> {
    http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| BuildError::InvalidHeaderName { name })
}

/// Writes a parameter value the way a path segment or query value carries it: strings as they
/// are, numbers and booleans in JSON notation.
fn scalar_text<T: serde::Serialize + ?Sized>(
    name: &'static str,
    value: &T,
) -> Result<String, BuildError> {
    let invalid = |reason: String| BuildError::InvalidParameter { name, reason };
    match to_value(value).map_err(|e| invalid(e.to_string()))? {
        serde_json::Value::String(text) => Ok(text),
        serde_json::Value::Number(number) => Ok(number.to_string()),
        serde_json::Value::Bool(flag) => Ok(flag.to_string()),
        other => Err(invalid(format!("expected a single value, found `{other}`"))),
    }
}

/// The `key=value` pairs of a form: the body must serialise as an object.
fn form_pairs<T: serde::Serialize + ?Sized>(
    body: &T,
    styles: &[(&str, QueryStyle)],
) -> Result<Vec<(String, String)>, BuildError> {
    let value = to_value(body).map_err(BuildError::Body)?;
    let serde_json::Value::Object(object) = value else {
        return Err(BuildError::InvalidParameter {
            name: "body",
            reason: "a form body must be an object".to_owned(),
        });
    };
    let mut pairs = Vec::new();
    for (key, field) in object {
        let style = styles
            .iter()
            .find(|(name, _)| *name == key)
            .map_or(QueryStyle::FormExploded, |(_, style)| *style);
        match field {
            serde_json::Value::Array(items)
                if style != QueryStyle::DeepObject
                    && items
                        .iter()
                        .all(|item| !item.is_object() && !item.is_array()) =>
            {
                match style.separator() {
                    // An empty list written as one value is left out, as in a query.
                    Some(_) if items.is_empty() => {}
                    Some(separator) => {
                        let texts = items
                            .iter()
                            .map(|item| match item {
                                serde_json::Value::String(text) => Ok(text.clone()),
                                serde_json::Value::Number(number) => Ok(number.to_string()),
                                serde_json::Value::Bool(flag) => Ok(flag.to_string()),
                                other => Err(BuildError::InvalidParameter {
                                    name: "body",
                                    reason: format!(
                                        "`{key}` holds `{other}`, which a delimited value cannot carry"
                                    ),
                                }),
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        pairs.push((key, texts.join(separator)));
                    }
                    None => {
                        for item in &items {
                            deep_pairs(key.clone(), item, &mut pairs);
                        }
                    }
                }
            }
            other => deep_pairs(key, &other, &mut pairs),
        }
    }
    Ok(pairs)
}

/// Flattens a value into `deepObject` pairs: `key[sub][0]=value`. Nulls are left out.
fn deep_pairs(key: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Bool(flag) => out.push((key, flag.to_string())),
        serde_json::Value::Number(number) => out.push((key, number.to_string())),
        serde_json::Value::String(text) => out.push((key, text.clone())),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(format!("{key}[{i}]"), item, out);
            }
        }
        serde_json::Value::Object(object) => {
            for (sub, item) in object {
                deep_pairs(format!("{key}[{sub}]"), item, out);
            }
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

/// What went wrong with a response.
#[derive(Debug)]
pub enum ResponseError<E> {
    /// The server answered with a documented error status, and the body decoded as documented.
    Api {
        /// The response status.
        status: http::StatusCode,
        /// The decoded error body.
        body: E,
    },
    /// The response was not one the spec documents: an undocumented status, or a body that does
    /// not decode as documented. Status, headers and body are kept (boxed, to keep the error
    /// small on the happy path).
    Unexpected(Box<UnexpectedResponse>),
}

impl<E> ResponseError<E> {
    /// The status of the response, whichever way it failed.
    pub fn status(&self) -> http::StatusCode {
        match self {
            Self::Api { status, .. } => *status,
            Self::Unexpected(unexpected) => unexpected.status,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, body } => write!(f, "the API answered {status}: {body:?}"),
            Self::Unexpected(unexpected) => fmt::Display::fmt(unexpected, f),
        }
    }
}

impl<E: fmt::Debug> ::std::error::Error for ResponseError<E> {}

/// Why a response was unexpected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnexpectedReason {
    /// The spec documents no response for this status.
    UndocumentedStatus,
    /// The body does not decode as the spec documents it; the decoder's message says why,
    /// with the body's own strings left out (they may be tokens).
    InvalidBody(String),
}

/// A response the spec does not describe. `Debug` and `Display` show the body's size, not its
/// content, which may hold tokens; read it with [`UnexpectedResponse::body`].
pub struct UnexpectedResponse {
    /// The response status.
    pub status: http::StatusCode,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// Why the response was unexpected.
    pub reason: UnexpectedReason,
    body: Vec<u8>,
}

impl UnexpectedResponse {
    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> ::std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            UnexpectedReason::UndocumentedStatus => write!(
                f,
                "undocumented response status {} ({} byte body)",
                self.status,
                self.body.len()
            ),
            UnexpectedReason::InvalidBody(why) => write!(
                f,
                "response with status {} has a body that does not match the spec: {why}",
                self.status
            ),
        }
    }
}

impl ::std::error::Error for UnexpectedResponse {}

/// A decoder's message with the values it quotes from the body left out: serde writes a string
/// it did not expect in double quotes (`invalid type: string "eyJ..."`) and an unknown variant
/// in backticks. Field names and the expected types stay, which is what a reader needs.
fn redact_values(message: &str) -> String {
    const VARIANT: &str = "unknown variant `";
    let mut out = String::with_capacity(message.len());
    let mut chars = message.char_indices();
    while let Some((at, c)) = chars.next() {
        out.push(c);
        if c == '"' {
            // Skip to the closing quote; a backslash escapes the character after it.
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
            out.push_str("…\"");
        } else if c == '`' && message[..=at].ends_with(VARIANT) {
            // The unknown value, up to its closing backtick.
            for (_, c) in chars.by_ref() {
                if c == '`' {
                    break;
                }
            }
            out.push_str("…`");
        }
    }
    out
}

/// A response being read by a generated `parse_response`.
pub struct RawResponse {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Vec<u8>,
}

impl RawResponse {
    /// Takes the response apart.
    pub fn new<B: AsRef<[u8]>>(response: http::Response<B>) -> Self {
        let (parts, body) = response.into_parts();
        Self {
            status: parts.status,
            headers: parts.headers,
            body: body.as_ref().to_vec(),
        }
    }

    /// The status code, as a number to match on.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    fn unexpected(self, reason: UnexpectedReason) -> Box<UnexpectedResponse> {
        Box::new(UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            reason,
            body: self.body,
        })
    }

    fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, Box<UnexpectedResponse>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(e) => {
                Err(self.unexpected(UnexpectedReason::InvalidBody(redact_values(&e.to_string()))))
            }
        }
    }

    /// A documented success with a JSON body.
    pub fn json<T, E, O>(self, wrap: impl FnOnce(T) -> O) -> Result<O, ResponseError<E>>
    where
        T: serde::de::DeserializeOwned,
    {
        self.decode().map(wrap).map_err(ResponseError::Unexpected)
    }

    /// A documented success with a text body.
    pub fn text<E, O>(self, wrap: impl FnOnce(String) -> O) -> Result<O, ResponseError<E>> {
        match String::from_utf8(self.body) {
            Ok(text) => Ok(wrap(text)),
            Err(e) => {
                let reason = UnexpectedReason::InvalidBody(e.utf8_error().to_string());
                let body = e.into_bytes();
                Err(ResponseError::Unexpected(Box::new(UnexpectedResponse {
                    status: self.status,
                    headers: self.headers,
                    reason,
                    body,
                })))
            }
        }
    }

    /// A documented success whose body is kept as bytes.
    pub fn bytes<E, O>(self, wrap: impl FnOnce(Vec<u8>) -> O) -> Result<O, ResponseError<E>> {
        Ok(wrap(self.body))
    }

    /// A documented success with no body; whatever body came is ignored.
    pub fn empty<E, O>(self, output: O) -> Result<O, ResponseError<E>> {
        Ok(output)
    }

    /// A documented error with a JSON body.
    pub fn json_error<T, E, O>(self, wrap: impl FnOnce(T) -> E) -> Result<O, ResponseError<E>>
    where
        T: serde::de::DeserializeOwned,
    {
        let status = self.status;
        match self.decode() {
            Ok(body) => Err(ResponseError::Api {
                status,
                body: wrap(body),
            }),
            Err(unexpected) => Err(ResponseError::Unexpected(unexpected)),
        }
    }

    /// A documented error with a text body.
    pub fn text_error<E, O>(self, wrap: impl FnOnce(String) -> E) -> Result<O, ResponseError<E>> {
        let status = self.status;
        self.text(wrap)
            .and_then(|body| Err(ResponseError::Api { status, body }))
    }

    /// A documented error whose body is kept as bytes.
    pub fn bytes_error<E, O>(self, wrap: impl FnOnce(Vec<u8>) -> E) -> Result<O, ResponseError<E>> {
        Err(ResponseError::Api {
            status: self.status,
            body: wrap(self.body),
        })
    }

    /// A documented error without a body the spec describes.
    pub fn empty_error<E, O>(self, error: E) -> Result<O, ResponseError<E>> {
        Err(ResponseError::Api {
            status: self.status,
            body: error,
        })
    }

    /// A status the spec does not document.
    pub fn undocumented<E, O>(self) -> Result<O, ResponseError<E>> {
        Err(ResponseError::Unexpected(
            self.unexpected(UnexpectedReason::UndocumentedStatus),
        ))
    }
}

/// The failure side of an envelope's `into_result`: the envelope says the call failed, or says it
/// succeeded but carries no data.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvelopeError<S, E> {
    /// The envelope's status is not the success value.
    Failed {
        /// The status the envelope carried.
        status: S,
        /// The error details the envelope carried, if any.
        error: Option<E>,
    },
    /// The envelope's status says success, but its data is missing or null.
    MissingData,
}

impl<S: fmt::Debug, E: fmt::Debug> fmt::Display for EnvelopeError<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Failed {
                status,
                error: Some(error),
            } => write!(f, "the API reported failure {status:?}: {error:?}"),
            Self::Failed {
                status,
                error: None,
            } => write!(f, "the API reported failure {status:?} with no details"),
            Self::MissingData => f.write_str("the API reported success but sent no data"),
        }
    }
}

impl<S: fmt::Debug, E: fmt::Debug> ::std::error::Error for EnvelopeError<S, E> {}

/// Reads an internally tagged union: returns the tag and the whole object, tag included, so
/// that a variant struct which declares the tag as a property of its own still decodes.
pub fn read_tagged<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
) -> Result<(String, serde_json::Value), D::Error> {
    use serde::de::Error as _;
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let tag_value = match value.get(tag) {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(_) => return Err(D::Error::custom(format_args!("`{tag}` is not a string"))),
        None => return Err(D::Error::missing_field(tag)),
    };
    Ok((tag_value, value))
}

/// A way to read one variant of an untagged union: the property names the variant declares,
/// and its decoder.
pub type UntaggedVariant<T> = (
    &'static [&'static str],
    fn(serde_json::Value) -> Result<T, serde_json::Error>,
);

/// Reads an untagged union: tries the variants that declare the most of the object's keys
/// first (in spec order among equals), and takes the first that decodes. Without this, a
/// variant whose properties are all optional would take every object and drop its fields.
pub fn read_untagged<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    variants: &[UntaggedVariant<T>],
) -> Result<T, D::Error> {
    use serde::de::Error as _;
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let declared = |keys: &[&str]| match &value {
        serde_json::Value::Object(object) => {
            object.keys().filter(|k| keys.contains(&k.as_str())).count()
        }
        _ => 0,
    };
    let mut order: Vec<usize> = (0..variants.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(declared(variants[i].0)));
    for i in order {
        // A struct variant takes objects only (serde would also read one from an array).
        if !variants[i].0.is_empty() && !value.is_object() {
            continue;
        }
        if let Ok(decoded) = (variants[i].1)(value.clone()) {
            return Ok(decoded);
        }
    }
    Err(D::Error::custom(
        "the value matches none of the union's variants",
    ))
}

/// Decodes one variant of a tagged union from the object [`read_tagged`] returned.
pub fn tagged_variant<'de, D, T, U>(
    value: serde_json::Value,
    wrap: impl FnOnce(T) -> U,
) -> Result<U, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error as _;
    serde_json::from_value(value)
        .map(wrap)
        .map_err(D::Error::custom)
}

/// Writes one variant of a tagged union: the variant's own fields, with the tag set.
pub fn write_tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    tag: &'static str,
    tag_value: &'static str,
    variant: &T,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    let mut value = to_value(variant).map_err(S::Error::custom)?;
    match value.as_object_mut() {
        Some(object) => {
            object.insert(
                tag.to_owned(),
                serde_json::Value::String(tag_value.to_owned()),
            );
        }
        None => return Err(S::Error::custom("a tagged union variant must be an object")),
    }
    serde::Serialize::serialize(&value, serializer)
}

/// An async client that sends operations with reqwest (rustls, no OpenSSL) and reads the
/// answers into their typed results. Enabled by the `client` feature; the builders above work
/// without it, with any HTTP client. Each API module's `client::Client` wraps one of these and
/// adds a method per operation and the API's token handling.
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Option<String>,
    headers: http::HeaderMap,
    timeout: Option<::std::time::Duration>,
}

/// Shows the base URL without its user, password or query, and the default headers' names
/// only: their values may be credentials.
#[cfg(feature = "client")]
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base_url = self
            .base_url
            .as_deref()
            .map(|url| match reqwest::Url::parse(url) {
                Ok(mut url) => {
                    redact_url(&mut url);
                    url.to_string()
                }
                Err(_) => "(not a URL)".to_owned(),
            });
        f.debug_struct("Client")
            .field("base_url", &base_url)
            .field("default_headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// A documented answer with its status and headers, from [`Client::send_with_headers`].
/// `Debug` shows the headers' names only: a value may be a token (`Set-Cookie`, say).
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct Answered<T> {
    /// The response status.
    pub status: http::StatusCode,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The operation's typed result.
    pub output: T,
}

#[cfg(feature = "client")]
impl<T: fmt::Debug> fmt::Debug for Answered<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answered")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("output", &self.output)
            .finish()
    }
}

/// Why sending an operation failed. `A` is what getting an access token can fail with, for
/// operations sent with one.
#[cfg(feature = "client")]
#[derive(Debug)]
pub enum SendError<E, A = ::std::convert::Infallible> {
    /// The request could not be built.
    Build(BuildError),
    /// The request was not answered: no connection, a timeout, or a body cut short.
    Transport(reqwest::Error),
    /// The answer was an error the spec documents, or one it does not.
    Response(ResponseError<E>),
    /// No access token could be had for the request.
    Auth(A),
}

#[cfg(feature = "client")]
impl<E: fmt::Debug, A: fmt::Display> fmt::Display for SendError<E, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Build(e) => write!(f, "the request could not be built: {e}"),
            Self::Transport(e) if e.is_timeout() => write!(f, "the request timed out: {e}"),
            Self::Transport(e) => write!(f, "the request was not answered: {e}"),
            Self::Response(e) => fmt::Display::fmt(e, f),
            Self::Auth(e) => write!(f, "no access token: {e}"),
        }
    }
}

#[cfg(feature = "client")]
impl<E: fmt::Debug, A: ::std::error::Error + 'static> ::std::error::Error for SendError<E, A> {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            Self::Auth(e) => Some(e),
            Self::Build(_) | Self::Response(_) => None,
        }
    }
}

#[cfg(feature = "client")]
impl<E, A> SendError<E, A> {
    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(e) if e.is_timeout())
    }

    /// The status the server answered with, if it answered.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Self::Response(e) => Some(e.status()),
            _ => None,
        }
    }
}

#[cfg(feature = "client")]
impl<E> SendError<E> {
    /// The same error, typed as one from an operation sent with an access token.
    pub fn with_auth<A>(self) -> SendError<E, A> {
        match self {
            Self::Build(e) => SendError::Build(e),
            Self::Transport(e) => SendError::Transport(e),
            Self::Response(e) => SendError::Response(e),
            Self::Auth(never) => match never {},
        }
    }
}

#[cfg(feature = "client")]
impl Client {
    /// A client that sends each operation to the server its spec names, with reqwest's
    /// defaults and a 30-second timeout.
    pub fn new() -> Result<Self, reqwest::Error> {
        Self::with_http(
            reqwest::Client::builder()
                .timeout(::std::time::Duration::from_secs(30))
                .build()?,
        )
    }

    /// A client on a reqwest client you configured (timeouts, proxies, pools).
    pub fn with_http(http: reqwest::Client) -> Result<Self, reqwest::Error> {
        Ok(Self {
            http,
            base_url: None,
            headers: http::HeaderMap::new(),
            timeout: None,
        })
    }

    /// Sends every operation to `base_url` instead of the server its spec names.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Gives up on a request that has not been answered, body included, within `timeout`.
    pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a header to every request (for example PortOne V1's `Tier`). A value with CR or LF
    /// is refused.
    pub fn default_header(mut self, name: &'static str, value: &str) -> Result<Self, BuildError> {
        let value = http::HeaderValue::from_str(value)
            .map_err(|_| BuildError::InvalidHeaderValue { name })?;
        self.headers.insert(header_name(name)?, value);
        Ok(self)
    }

    /// Builds, sends and reads one operation.
    pub async fn send<O: Operation>(&self, operation: O) -> Result<O::Output, SendError<O::Error>> {
        self.exchange(operation, false)
            .await
            .map(|answered| answered.output)
    }

    /// Like [`Client::send`], and keeps the status and headers of a documented answer too (a
    /// request id, rate limits, pagination links).
    pub async fn send_with_headers<O: Operation>(
        &self,
        operation: O,
    ) -> Result<Answered<O::Output>, SendError<O::Error>> {
        self.exchange(operation, true).await
    }

    /// Sends an operation and reads the answer; the headers are copied for the caller only when
    /// `keep_headers` says.
    async fn exchange<O: Operation>(
        &self,
        operation: O,
        keep_headers: bool,
    ) -> Result<Answered<O::Output>, SendError<O::Error>> {
        let base_url = self.base_url.as_deref().unwrap_or(O::DEFAULT_BASE_URL);
        let mut request = operation
            .build_with_base_url(base_url)
            .map_err(SendError::Build)?;
        for (name, value) in &self.headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name.clone(), value.clone());
            }
        }
        let mut request = reqwest::Request::try_from(request).map_err(transport)?;
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        let response = self.http.execute(request).await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        let mut answer = http::Response::new(body);
        *answer.status_mut() = status;
        let kept = if keep_headers {
            headers.clone()
        } else {
            http::HeaderMap::new()
        };
        *answer.headers_mut() = headers;
        let output = O::parse_response(answer).map_err(SendError::Response)?;
        Ok(Answered {
            status,
            headers: kept,
            output,
        })
    }

    /// Sends an operation with the access token `token` gives, attached by `attach`. When the
    /// API answers 401, the token is dropped from `tokens` (unless another caller already
    /// replaced it) and the operation is sent once more with a new one.
    pub async fn send_with_token<O, A, T, F>(
        &self,
        tokens: &TokenCache,
        operation: O,
        attach: impl Fn(O, SecretString) -> O,
        token: T,
    ) -> Result<O::Output, SendError<O::Error, A>>
    where
        O: Operation + Clone,
        T: Fn() -> F,
        F: ::std::future::Future<Output = Result<SecretString, A>>,
    {
        let first = token().await.map_err(SendError::Auth)?;
        match self.send(attach(operation.clone(), first.clone())).await {
            Err(e) if e.status() == Some(http::StatusCode::UNAUTHORIZED) => {
                tokens.refused(&first).await;
                let second = token().await.map_err(SendError::Auth)?;
                self.send(attach(operation, second))
                    .await
                    .map_err(SendError::with_auth)
            }
            other => other.map_err(SendError::with_auth),
        }
    }
}

/// A transport error whose URL keeps its scheme, host and path only: reqwest shows the URL
/// in `Display` and `Debug`, and its query or user part may hold a credential.
#[cfg(feature = "client")]
fn transport<E, A>(mut error: reqwest::Error) -> SendError<E, A> {
    if let Some(url) = error.url_mut() {
        redact_url(url);
    }
    SendError::Transport(error)
}

/// Drops the parts of a URL that may hold a credential: user, password, query and fragment.
#[cfg(feature = "client")]
fn redact_url(url: &mut reqwest::Url) {
    url.set_query(None);
    url.set_fragment(None);
    // These fail only for URLs that cannot have a user (no host), which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
}

/// Where token expiry reads the time from: the system clock, or one a test moves by hand.
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct Clock(::std::sync::Arc<dyn Fn() -> ::std::time::SystemTime + Send + Sync>);

#[cfg(feature = "client")]
impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(::std::sync::Arc::new(::std::time::SystemTime::now))
    }

    /// A clock that reads the time from `now`.
    pub fn new(now: impl Fn() -> ::std::time::SystemTime + Send + Sync + 'static) -> Self {
        Self(::std::sync::Arc::new(now))
    }

    /// The current time by this clock.
    pub fn now(&self) -> ::std::time::SystemTime {
        (self.0)()
    }
}

#[cfg(feature = "client")]
impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

#[cfg(feature = "client")]
impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Clock").field(&self.now()).finish()
    }
}

/// An access token, the refresh token that came with it, and when the access token expires.
#[cfg(feature = "client")]
#[derive(Debug, Clone)]
pub struct Tokens {
    /// The access token.
    pub access: SecretString,
    /// The refresh token, if the API gives one.
    pub refresh: Option<SecretString>,
    /// When the access token stops working, by the client's clock; `None` when nothing says,
    /// and the token is kept until the API refuses it.
    pub expires_at: Option<::std::time::SystemTime>,
}

#[cfg(feature = "client")]
impl Tokens {
    /// Tokens whose expiry is the access token's `exp` claim when it is a JWT, else `lifetime`
    /// after `now`, else unknown.
    pub fn new(
        access: SecretString,
        refresh: Option<SecretString>,
        lifetime: Option<::std::time::Duration>,
        now: ::std::time::SystemTime,
    ) -> Self {
        let expires_at = jwt_expiry(access.expose()).or(lifetime.and_then(|l| now.checked_add(l)));
        Self {
            access,
            refresh,
            expires_at,
        }
    }

    /// Tokens that expire when the server says, counted from the server's own clock:
    /// `server_now` and `expired_at` are UNIX seconds by the server (PortOne V1), and only
    /// their difference is trusted, added to `now`, since the two clocks may not agree.
    pub fn from_server_clock(
        access: SecretString,
        refresh: Option<SecretString>,
        server_now: i64,
        expired_at: i64,
        now: ::std::time::SystemTime,
    ) -> Self {
        let left = u64::try_from(expired_at.saturating_sub(server_now)).unwrap_or(0);
        Self {
            access,
            refresh,
            // Past what the clock can count: as good as no expiry.
            expires_at: now.checked_add(::std::time::Duration::from_secs(left)),
        }
    }
}

/// The `exp` claim of a JWT, if `token` is one.
#[cfg(feature = "client")]
pub fn jwt_expiry(token: &str) -> Option<::std::time::SystemTime> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    // RFC 7519 allows a fractional NumericDate; the whole seconds are enough here.
    let exp = claims.get("exp")?;
    let seconds = exp.as_u64().or_else(|| {
        exp.as_f64()
            .filter(|s| s.is_finite() && *s >= 0.0 && *s < u64::MAX as f64)
            .map(|s| s as u64)
    })?;
    // An `exp` past what `SystemTime` can hold is no expiry the client can use.
    ::std::time::UNIX_EPOCH.checked_add(::std::time::Duration::from_secs(seconds))
}

/// Base64url without padding (RFC 4648 section 5), as JWT segments are written.
#[cfg(feature = "client")]
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for &c in text.trim_end_matches('=').as_bytes() {
        buffer = (buffer << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Keeps one access token fresh for any number of concurrent callers: the first caller who
/// finds no valid token logs in or refreshes, and the others wait for it (one flight), so a
/// refresh token is never used twice (an API that rotates refresh tokens revokes the old one
/// at every login or refresh).
#[cfg(feature = "client")]
#[derive(Debug)]
pub struct TokenCache {
    state: ::std::sync::Arc<tokio::sync::Mutex<Option<Tokens>>>,
    margin: ::std::time::Duration,
    clock: Clock,
    /// How many logins or refreshes have failed, so that callers who waited for one that
    /// failed do not each try again at once.
    failures: ::std::sync::Arc<::std::sync::atomic::AtomicU64>,
}

#[cfg(feature = "client")]
impl TokenCache {
    /// A cache that renews a token `margin` before it expires by `clock`.
    pub fn new(margin: ::std::time::Duration, clock: Clock) -> Self {
        Self {
            state: ::std::sync::Arc::default(),
            margin,
            clock,
            failures: ::std::sync::Arc::default(),
        }
    }

    /// The clock expiry is read from.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// A valid access token: the cached one, or one from `refresh` (given the refresh token,
    /// answering `Ok(None)` when the API refuses it), or else from `login`. A caller who
    /// waited while another caller's login or refresh failed gets `failed_elsewhere()` rather
    /// than trying again at once (the caller who tried got the reason), so that a wrong
    /// secret or an outage costs one request, not one per waiting caller.
    ///
    /// The login or refresh runs as a task of its own on the Tokio runtime, holding the
    /// cache, so that a caller who stops waiting (a timeout, a `select!`) does not cancel a
    /// request the API may already have carried out: its tokens are kept for the next
    /// caller, and a refresh token the API has just replaced is never sent again.
    pub async fn token<E, L, LF, R, RF>(
        &self,
        login: L,
        refresh: R,
        failed_elsewhere: impl FnOnce() -> E,
    ) -> Result<SecretString, E>
    where
        E: Send + 'static,
        L: FnOnce() -> LF + Send + 'static,
        LF: ::std::future::Future<Output = Result<Tokens, E>> + Send + 'static,
        R: FnOnce(SecretString) -> RF + Send + 'static,
        RF: ::std::future::Future<Output = Result<Option<Tokens>, E>> + Send + 'static,
    {
        use ::std::sync::atomic::Ordering;
        let failures_before = self.failures.load(Ordering::SeqCst);
        let mut state = self.state.clone().lock_owned().await;
        if let Some(tokens) = state.as_ref() {
            let fresh = match tokens.expires_at {
                Some(at) => self
                    .clock
                    .now()
                    .checked_add(self.margin)
                    .is_some_and(|renew_after| at > renew_after),
                None => true,
            };
            if fresh {
                return Ok(tokens.access.clone());
            }
        }
        if self.failures.load(Ordering::SeqCst) != failures_before {
            return Err(failed_elsewhere());
        }
        let failures = self.failures.clone();
        let renewal = async move {
            let attempt = async {
                // The refresh token is taken out before it is sent: whether the API takes it,
                // refuses it or leaves its fate unknown (a timeout after the API rotated it),
                // it is never sent again, and a failed refresh makes the next caller log in.
                let refreshed = match state.as_mut().and_then(|t| t.refresh.take()) {
                    Some(refresh_token) => refresh(refresh_token).await?,
                    None => None,
                };
                match refreshed {
                    Some(tokens) => Ok(tokens),
                    None => login().await,
                }
            };
            match attempt.await {
                Ok(tokens) => {
                    let access = tokens.access.clone();
                    *state = Some(tokens);
                    Ok(access)
                }
                Err(e) => {
                    failures.fetch_add(1, Ordering::SeqCst);
                    Err(e)
                }
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => match runtime.spawn(renewal).await {
                Ok(result) => result,
                Err(e) if e.is_panic() => ::std::panic::resume_unwind(e.into_panic()),
                // The runtime is shutting down.
                Err(_) => Err(failed_elsewhere()),
            },
            // Outside a Tokio runtime (reqwest needs one to send anything), in this task.
            Err(_) => renewal.await,
        }
    }

    /// Forgets the access token the API refused, keeping the refresh token so that the next
    /// call refreshes. A token another caller has already replaced is left alone, so that a
    /// burst of refusals renews the token once.
    pub async fn refused(&self, access: &SecretString) {
        if let Some(tokens) = self.state.lock().await.as_mut() {
            if tokens.access.expose() == access.expose() {
                tokens.expires_at = Some(::std::time::UNIX_EPOCH);
            }
        }
    }

    /// Forgets the access token, keeping the refresh token, so that the next call refreshes.
    pub async fn expire(&self) {
        if let Some(tokens) = self.state.lock().await.as_mut() {
            tokens.expires_at = Some(::std::time::UNIX_EPOCH);
        }
    }
}
