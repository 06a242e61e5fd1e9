//! Tokens an API hands out: when they expire, and a cache that renews them before they do.

use super::*;

/// Where token expiry reads the time from: the system clock, or one a test moves by hand.
#[derive(Clone)]
pub struct Clock(::std::sync::Arc<dyn Fn() -> ::std::time::SystemTime + Send + Sync>);

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

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Clock").field(&self.now()).finish()
    }
}

/// An access token, the refresh token that came with it, and when the access token expires.
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
#[derive(Debug)]
pub struct TokenCache {
    state: ::std::sync::Arc<tokio::sync::Mutex<Option<Tokens>>>,
    margin: ::std::time::Duration,
    clock: Clock,
    /// How many logins or refreshes have failed, so that callers who waited for one that
    /// failed do not each try again at once.
    failures: ::std::sync::Arc<::std::sync::atomic::AtomicU64>,
}

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
