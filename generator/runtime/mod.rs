//! The small runtime that every generated API module calls into.
//!
//! It is plain, hand-written code that oapigen copies into the generated crate, so the crate has no
//! dependency on the generator. Each generated operation describes itself (method, path, parameters,
//! documented responses) and leaves the mechanics to the generic functions here: building an
//! [`http::Request`], and turning an [`http::Response`] into the operation's typed result.

use ::std::fmt;

pub use ::http;

// First, so that `string_enum!`, `int_enum!` and `from_object!` are in scope for the modules
// that follow and, through the crate's `#[macro_use] mod runtime`, for the generated API modules.
#[macro_use]
mod enums;
#[macro_use]
mod objects;
mod requests;
mod responses;
mod secrets;
mod unions;
mod writing;

/// The async client (feature `client`): sending operations with reqwest, and keeping tokens.
#[cfg(feature = "client")]
mod client;

#[cfg(feature = "client")]
pub use client::*;
pub use enums::WireStr;
pub use objects::*;
pub use requests::*;
pub use responses::*;
pub use secrets::*;
pub use unions::*;
pub use writing::*;

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
