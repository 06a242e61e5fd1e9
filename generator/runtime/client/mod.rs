//! The async client (feature `client`): an operation sent with reqwest, its answer read into
//! its typed result, and the ways sending fails.

use super::*;

mod tokens;

pub use tokens::*;

/// An async client that sends operations with reqwest (rustls, no OpenSSL) and reads the
/// answers into their typed results. Enabled by the `client` feature; the builders above work
/// without it, with any HTTP client. Each API module's `client::Client` wraps one of these and
/// adds a method per operation and the API's token handling.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Option<String>,
    headers: http::HeaderMap,
    timeout: Option<::std::time::Duration>,
}

/// Shows the base URL without its user, password or query, and the default headers' names
/// only: their values may be credentials.
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
#[derive(Clone)]
pub struct Answered<T> {
    /// The response status.
    pub status: http::StatusCode,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The operation's typed result.
    pub output: T,
}

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

impl<E: fmt::Debug, A: ::std::error::Error + 'static> ::std::error::Error for SendError<E, A> {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Transport(e) => Some(e),
            Self::Auth(e) => Some(e),
            Self::Build(_) | Self::Response(_) => None,
        }
    }
}

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
fn transport<E, A>(mut error: reqwest::Error) -> SendError<E, A> {
    if let Some(url) = error.url_mut() {
        redact_url(url);
    }
    SendError::Transport(error)
}

/// Drops the parts of a URL that may hold a credential: user, password, query and fragment.
fn redact_url(url: &mut reqwest::Url) {
    url.set_query(None);
    url.set_fragment(None);
    // These fail only for URLs that cannot have a user (no host), which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
}
