//! Reading responses: what a generated `parse_response` gives (a typed result, a documented
//! error, or an unexpected answer kept whole), response headers, and envelopes.

use super::*;

/// A header of an answer, read as `T`: `None` when it is missing, is not text, or does not
/// parse (a response header the spec declares, for a generated `response_headers`).
pub fn header_value<T: ::std::str::FromStr>(headers: &http::HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
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
