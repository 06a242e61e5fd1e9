//! Building requests: the request builder every generated operation uses, the ways parameters
//! and bodies are written, credentials, and why a request could not be built.

use super::*;

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
        // The value is JSON already: each item is read as text, not serialised again.
        let text = |item: &serde_json::Value| {
            scalar(item).ok_or_else(|| BuildError::InvalidParameter {
                name,
                reason: format!("expected a single value, found `{item}`"),
            })
        };
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
                    let texts = items.iter().map(text).collect::<Result<Vec<_>, _>>()?;
                    pairs.push((name.to_owned(), texts.join(separator)));
                }
                None => {
                    for item in &items {
                        pairs.push((name.to_owned(), text(item)?));
                    }
                }
            },
            (_, other) => pairs.push((name.to_owned(), text(&other)?)),
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

impl Credential {
    /// A token or key, sent in `name` as `scheme` says.
    pub fn new(name: &'static str, scheme: AuthScheme, value: impl Into<SecretString>) -> Self {
        Self {
            name,
            scheme,
            value: value.into(),
        }
    }

    /// A bearer token, sent in the header `name` as `Bearer <token>`.
    pub fn bearer(name: &'static str, token: impl Into<SecretString>) -> Self {
        Self::new(name, AuthScheme::Bearer, token)
    }

    /// Credentials of another HTTP authentication scheme, sent as `<scheme> <credentials>`.
    pub fn http(
        name: &'static str,
        scheme: &'static str,
        credentials: impl Into<SecretString>,
    ) -> Self {
        Self::new(name, AuthScheme::Http(scheme), credentials)
    }

    /// HTTP basic credentials, sent in the header `name`.
    pub fn basic(
        name: &'static str,
        username: impl std::fmt::Display,
        password: impl Into<SecretString>,
    ) -> Self {
        let value = format!("{username}:{}", password.into().expose());
        Self::new(name, AuthScheme::Basic, SecretString::new(value))
    }

    /// An API key, the whole value of the header `name`.
    pub fn header(name: &'static str, key: impl Into<SecretString>) -> Self {
        Self::new(name, AuthScheme::Header, key)
    }

    /// An API key in the query parameter `name`.
    pub fn query(name: &'static str, key: impl Into<SecretString>) -> Self {
        Self::new(name, AuthScheme::Query, key)
    }

    /// An API key in the cookie `name`.
    pub fn cookie(name: &'static str, key: impl Into<SecretString>) -> Self {
        Self::new(name, AuthScheme::Cookie, key)
    }
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
pub(super) fn to_value<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_slice(&serde_json::to_vec(value)?)
}

/// A header name from the spec; HTTP names are case-insensitive and sent in lower case.
pub(super) fn header_name(name: &'static str) -> Result<http::HeaderName, BuildError> {
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
    let value = to_value(value).map_err(|e| invalid(e.to_string()))?;
    scalar(&value).ok_or_else(|| invalid(format!("expected a single value, found `{value}`")))
}

/// A string, number or boolean as text; `None` for anything else.
fn scalar(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
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
                            .map(|item| {
                                scalar(item).ok_or_else(|| BuildError::InvalidParameter {
                                    name: "body",
                                    reason: format!(
                                        "`{key}` holds `{item}`, which a delimited value cannot carry"
                                    ),
                                })
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
