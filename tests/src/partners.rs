//! A local stand-in for the partner APIs, on 127.0.0.1 and a free port, that behaves as the
//! seeds describe, for end-to-end tests and the examples. Each API is mounted under a prefix of
//! its own ([`PartnerServer::base_url`]):
//!
//! - PortOne V2 (`/v2`): `POST /login/api-secret` and `POST /token/refresh`. Access tokens are
//!   JWTs that live 30 minutes; every login or refresh revokes the previous refresh token, and
//!   a revoked or unknown refresh token gets 401 `UNAUTHORIZED`. `GET /payments/{paymentId}`
//!   (outside our spec) answers only a valid access token.
//! - PortOne V1 (`/v1`): `POST /users/getToken` in the `{code, message, response}` envelope,
//!   with the reuse rule (asking before expiry gives the same token; asking in its last minute
//!   also extends it by 5 minutes) and `GET /payments/{imp_uid}`, which needs a valid token.
//! - Archisketch (`/archisketch`): `POST /api/v1/oauth/login`, always HTTP 200 with the
//!   `{result, data, error}` envelope.
//! - PortOne V2, deprecated beta (`/legacy`): `POST /v2/signin/api-key` and
//!   `POST /v2/token-regeneration`.
//!
//! The server's clock starts at the real time and moves only when a test says
//! ([`PartnerServer::advance`]), so expiry is tested without waiting. Faults
//! ([`PartnerServer::fail_next`]) replace the next answers, to test how the clients fail.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// PortOne V2's API secret the server accepts.
pub const V2_API_SECRET: &str = "v2-api-secret-Zq8w";
/// PortOne V1's REST API key the server accepts.
pub const V1_IMP_KEY: &str = "imp_apikey";
/// PortOne V1's REST API secret the server accepts.
pub const V1_IMP_SECRET: &str = "v1-imp-secret-Ku4T";
/// Archisketch's access key the server accepts.
pub const ARCHISKETCH_ACCESS_KEY: &str = "archisketch-access-key-9Fh2";
/// Archisketch's partner token the server accepts.
pub const ARCHISKETCH_VERIFY_TOKEN: &str = "archisketch-verify-token-Lm3x";
/// The deprecated V2 beta API key the server accepts.
pub const LEGACY_API_KEY: &str = "legacy-api-key-Pp7c";

/// How long access tokens live, by the seeds: 30 minutes.
pub const ACCESS_LIFETIME: i64 = 30 * 60;
/// How long PortOne V2 refresh tokens live, by the seeds: 24 hours.
pub const REFRESH_LIFETIME: i64 = 24 * 60 * 60;

/// The four APIs the server plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partner {
    /// PortOne V2.
    V2,
    /// PortOne V1.
    V1,
    /// Archisketch.
    Archisketch,
    /// PortOne V2's deprecated beta API.
    Legacy,
}

impl Partner {
    fn prefix(self) -> &'static str {
        match self {
            Partner::V2 => "/v2",
            Partner::V1 => "/v1",
            Partner::Archisketch => "/archisketch",
            Partner::Legacy => "/legacy",
        }
    }
}

/// An answer the server gives instead of the real one.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status, with a short text body.
    Status(u16),
    /// No answer for this long, then the connection is closed.
    Stall(Duration),
    /// A 200 whose `Content-Length` promises more than the body that is sent.
    Truncated,
    /// A 200 with a JSON body of another shape.
    WrongShape,
    /// The real answer, after this long.
    Delay(Duration),
}

/// What the server counts and remembers.
#[derive(Default)]
struct State {
    /// The server's clock, in UNIX seconds.
    now: i64,
    /// Tokens issued, for unique values.
    issued: usize,
    /// V2: the one refresh token that works, and when it expires.
    v2_refresh: Option<(String, i64)>,
    /// Valid access tokens of every API, with their expiry.
    access: BTreeMap<String, i64>,
    /// V1: the current token and its expiry.
    v1_token: Option<(String, i64)>,
    /// Legacy: the one refresh token that works.
    legacy_refresh: Option<String>,
    /// Faults to give, in order, instead of the next answers.
    /// Faults to give instead of the next answers: each with the path it waits for (`None`:
    /// any request), in order.
    faults: VecDeque<(Option<String>, Fault)>,
    /// Every token ever issued, revoked or not.
    every_token: Vec<String>,
    /// Access tokens are opaque strings rather than JWTs, so a client cannot read their expiry.
    opaque: bool,
}

impl State {
    /// Notes a new token.
    fn issued(&mut self, token: &str) {
        self.every_token.push(token.to_owned());
    }
}

/// How many times each thing happened.
#[derive(Default, Debug)]
pub struct Counters {
    /// V2 logins that succeeded.
    pub v2_logins: AtomicUsize,
    /// V2 logins refused (a wrong or missing API secret).
    pub v2_refused_logins: AtomicUsize,
    /// V2 refreshes that succeeded.
    pub v2_refreshes: AtomicUsize,
    /// V2 refreshes refused (revoked, expired or unknown refresh token).
    pub v2_refused_refreshes: AtomicUsize,
    /// V1 `getToken` calls that succeeded.
    pub v1_logins: AtomicUsize,
    /// Archisketch logins, successful or not.
    pub archisketch_logins: AtomicUsize,
    /// Legacy sign-ins that succeeded.
    pub legacy_logins: AtomicUsize,
    /// Legacy token regenerations that succeeded.
    pub legacy_refreshes: AtomicUsize,
    /// Payment lookups answered with the payment.
    pub payments: AtomicUsize,
    /// Requests refused with 401 for a missing, unknown or expired access token.
    pub unauthorized: AtomicUsize,
}

impl Counters {
    /// The current value of a counter.
    pub fn get(counter: &AtomicUsize) -> usize {
        counter.load(Ordering::SeqCst)
    }
}

/// The running server. It stops when dropped.
pub struct PartnerServer {
    address: String,
    state: Arc<Mutex<State>>,
    /// What happened so far.
    pub counters: Arc<Counters>,
    /// Every request received, whole, in order.
    pub requests: Arc<Mutex<Vec<String>>>,
    stopped: Arc<AtomicBool>,
}

impl PartnerServer {
    /// Starts the server on a free port of 127.0.0.1.
    pub fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?.to_string();
        let state = Arc::new(Mutex::new(State {
            now: unix_now(),
            ..State::default()
        }));
        let counters = Arc::new(Counters::default());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stopped = Arc::new(AtomicBool::new(false));
        let server = Self {
            address,
            state,
            counters,
            requests,
            stopped,
        };
        let handler = Handler {
            state: server.state.clone(),
            counters: server.counters.clone(),
            requests: server.requests.clone(),
        };
        let stopped = server.stopped.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let handler = handler.clone();
                std::thread::spawn(move || handler.serve(stream));
            }
        });
        Ok(server)
    }

    /// The base URL of one API, to give its client.
    pub fn base_url(&self, partner: Partner) -> String {
        format!("http://{}{}", self.address, partner.prefix())
    }

    /// The server's clock, in UNIX seconds.
    pub fn now(&self) -> i64 {
        self.state().now
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, seconds: i64) {
        self.state().now += seconds;
    }

    /// Sets the server's clock.
    pub fn set_now(&self, now: i64) {
        self.state().now = now;
    }

    /// The server's clock as a [`partner_apis::runtime::Clock`], for a client that should
    /// see time move as the server does.
    pub fn clock(&self) -> partner_apis::runtime::Clock {
        let state = self.state.clone();
        partner_apis::runtime::Clock::new(move || {
            let now = lock(&state).now;
            UNIX_EPOCH + Duration::from_secs(u64::try_from(now).unwrap_or(0))
        })
    }

    /// Gives `fault` instead of the next answer (after any faults already queued).
    pub fn fail_next(&self, fault: Fault) {
        self.state().faults.push_back((None, fault));
    }

    /// Gives `fault` instead of the next answer to a request whose path ends with `path`
    /// (`/login/api-secret`, say), whatever comes before it.
    pub fn fail_next_at(&self, path: &str, fault: Fault) {
        self.state()
            .faults
            .push_back((Some(path.to_owned()), fault));
    }

    /// Logs in to V2 as another server of the same merchant would, which revokes the refresh
    /// token any client holds.
    pub fn v2_login_elsewhere(&self) {
        let mut state = self.state();
        let now = state.now;
        issue_v2(&mut state, now);
    }

    /// From now on, issues access tokens that are opaque strings, not JWTs: a client then has
    /// to count their 30 minutes from when it got them.
    pub fn issue_opaque_tokens(&self) {
        self.state().opaque = true;
    }

    /// Forgets every access token, as if the API had revoked them.
    pub fn revoke_access_tokens(&self) {
        self.state().access.clear();
    }

    /// The V1 token and its expiry, if one was issued.
    pub fn v1_token(&self) -> Option<(String, i64)> {
        self.state().v1_token.clone()
    }

    /// Every secret the server knows (credentials, and every token it ever issued), to check that
    /// none shows up where it must not.
    pub fn secrets(&self) -> Vec<String> {
        let state = self.state();
        let mut secrets: Vec<String> = [
            V2_API_SECRET,
            V1_IMP_SECRET,
            ARCHISKETCH_ACCESS_KEY,
            ARCHISKETCH_VERIFY_TOKEN,
            LEGACY_API_KEY,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        secrets.extend(state.every_token.iter().cloned());
        secrets
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Drop for PartnerServer {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(&self.address);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// One request, as the handler sees it.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn bearer(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }

    fn text(&self, key: &str) -> Option<&str> {
        self.body.get(key).and_then(Value::as_str)
    }
}

/// What the handler answers.
enum Answer {
    Json(u16, Value),
    Fault(Fault),
}

#[derive(Clone)]
struct Handler {
    state: Arc<Mutex<State>>,
    counters: Arc<Counters>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Handler {
    fn serve(&self, mut stream: TcpStream) {
        let Ok(reading) = stream.try_clone() else {
            return;
        };
        let mut reader = BufReader::new(reading);
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line == "\r\n" => break,
                Ok(_) => {}
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            head.push_str(&line);
        }
        if head.is_empty() {
            return;
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let text = String::from_utf8_lossy(&body).into_owned();
        lock(&self.requests).push(format!("{head}\r\n{text}"));
        let mut lines = head.lines();
        let mut start = lines.next().unwrap_or_default().split(' ');
        let request = Request {
            method: start.next().unwrap_or_default().to_owned(),
            path: start.next().unwrap_or_default().to_owned(),
            headers: lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                .collect(),
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        };
        let fault = {
            let mut state = lock(&self.state);
            let path = request.path.split('?').next().unwrap_or_default();
            let next = state
                .faults
                .iter()
                .position(|(at, _)| at.as_deref().is_none_or(|at| path.ends_with(at)));
            next.and_then(|i| state.faults.remove(i))
                .map(|(_, fault)| fault)
        };
        let answer = match fault {
            Some(Fault::Delay(duration)) => {
                std::thread::sleep(duration);
                self.answer(&request)
            }
            Some(fault) => Answer::Fault(fault),
            None => self.answer(&request),
        };
        let bytes = match answer {
            Answer::Json(status, value) => response(status, &value.to_string(), None),
            Answer::Fault(Fault::Status(status)) => {
                response(status, "temporarily unavailable", None)
            }
            Answer::Fault(Fault::WrongShape) => response(200, r#"{"unexpected":[1,2,3]}"#, None),
            Answer::Fault(Fault::Truncated) => response(200, r#"{"code":0,"respo"#, Some(4096)),
            Answer::Fault(Fault::Stall(duration)) => {
                std::thread::sleep(duration);
                return;
            }
            Answer::Fault(Fault::Delay(_)) => return,
        };
        let _ = stream.write_all(&bytes);
        let _ = stream.flush();
    }

    fn answer(&self, request: &Request) -> Answer {
        let path = request.path.split('?').next().unwrap_or_default();
        let method = request.method.as_str();
        let mut state = lock(&self.state);
        let now = state.now;
        if let Some(path) = path.strip_prefix("/v2") {
            match (method, path) {
                ("POST", "/login/api-secret") => self.v2_login(&mut state, request, now),
                ("POST", "/token/refresh") => self.v2_refresh(&mut state, request, now),
                ("GET", p) if p.starts_with("/payments/") => {
                    if !valid_access(&state, request, now) {
                        self.counters.unauthorized.fetch_add(1, Ordering::SeqCst);
                        return v2_error(401, "UNAUTHORIZED", "인증 정보가 올바르지 않습니다.");
                    }
                    self.counters.payments.fetch_add(1, Ordering::SeqCst);
                    let id = p.trim_start_matches("/payments/");
                    Answer::Json(200, json!({ "id": id, "status": "PAID", "amount": 1000 }))
                }
                _ => not_found(),
            }
        } else if let Some(path) = path.strip_prefix("/v1") {
            match (method, path) {
                ("POST", "/users/getToken") => self.v1_get_token(&mut state, request, now),
                ("GET", p) if p.starts_with("/payments/") => {
                    let valid = request
                        .bearer()
                        .zip(state.v1_token.as_ref())
                        .is_some_and(|(sent, (token, expires))| sent == token && now < *expires);
                    if !valid {
                        self.counters.unauthorized.fetch_add(1, Ordering::SeqCst);
                        return Answer::Json(
                            401,
                            json!({ "code": -1, "message": "Unauthorized", "response": null }),
                        );
                    }
                    self.counters.payments.fetch_add(1, Ordering::SeqCst);
                    Answer::Json(200, v1_payment(p.trim_start_matches("/payments/")))
                }
                _ => not_found(),
            }
        } else if let Some(path) = path.strip_prefix("/archisketch") {
            match (method, path) {
                ("POST", "/api/v1/oauth/login") => self.archisketch_login(&mut state, request, now),
                _ => not_found(),
            }
        } else if let Some(path) = path.strip_prefix("/legacy") {
            match (method, path) {
                ("POST", "/v2/signin/api-key") => {
                    if request.text("api_key") != Some(LEGACY_API_KEY) {
                        return legacy_error(401, "Unauthorized");
                    }
                    self.counters.legacy_logins.fetch_add(1, Ordering::SeqCst);
                    Answer::Json(200, issue_legacy(&mut state, now))
                }
                ("POST", "/v2/token-regeneration") => {
                    let sent = request.text("refresh_token");
                    if sent.is_none() || sent != state.legacy_refresh.as_deref() {
                        return legacy_error(401, "Unauthorized");
                    }
                    self.counters
                        .legacy_refreshes
                        .fetch_add(1, Ordering::SeqCst);
                    Answer::Json(200, issue_legacy(&mut state, now))
                }
                _ => not_found(),
            }
        } else {
            not_found()
        }
    }

    fn v2_login(&self, state: &mut State, request: &Request, now: i64) -> Answer {
        if request.text("apiSecret") != Some(V2_API_SECRET) {
            self.counters
                .v2_refused_logins
                .fetch_add(1, Ordering::SeqCst);
        }
        match request.text("apiSecret") {
            None => v2_error(400, "INVALID_REQUEST", "apiSecret이 필요합니다."),
            Some(secret) if secret != V2_API_SECRET => {
                v2_error(401, "UNAUTHORIZED", "API secret이 올바르지 않습니다.")
            }
            Some(_) => {
                self.counters.v2_logins.fetch_add(1, Ordering::SeqCst);
                Answer::Json(200, issue_v2(state, now))
            }
        }
    }

    fn v2_refresh(&self, state: &mut State, request: &Request, now: i64) -> Answer {
        let Some(sent) = request.text("refreshToken") else {
            return v2_error(400, "INVALID_REQUEST", "refreshToken이 필요합니다.");
        };
        let valid = state
            .v2_refresh
            .as_ref()
            .is_some_and(|(token, expires)| token == sent && now < *expires);
        if !valid {
            self.counters
                .v2_refused_refreshes
                .fetch_add(1, Ordering::SeqCst);
            return v2_error(401, "UNAUTHORIZED", "refresh token이 유효하지 않습니다.");
        }
        self.counters.v2_refreshes.fetch_add(1, Ordering::SeqCst);
        Answer::Json(200, issue_v2(state, now))
    }

    fn v1_get_token(&self, state: &mut State, request: &Request, now: i64) -> Answer {
        if request.text("imp_key") != Some(V1_IMP_KEY)
            || request.text("imp_secret") != Some(V1_IMP_SECRET)
        {
            return Answer::Json(
                401,
                json!({
                    "code": -1,
                    "message": "imp_key 또는 imp_secret이 올바르지 않습니다.",
                    "response": null
                }),
            );
        }
        self.counters.v1_logins.fetch_add(1, Ordering::SeqCst);
        let (token, expires) = match state.v1_token.take() {
            // Asked before expiry: the same token; in its last minute, 5 more minutes.
            Some((token, expires)) if now < expires => {
                let expires = if expires - now <= 60 {
                    expires + 5 * 60
                } else {
                    expires
                };
                (token, expires)
            }
            _ => {
                state.issued += 1;
                let token = format!("{:040x}", 0xa9ac_e025_u64 * state.issued as u64);
                state.issued(&token);
                (token, now + ACCESS_LIFETIME)
            }
        };
        state.v1_token = Some((token.clone(), expires));
        state.access.insert(token.clone(), expires);
        Answer::Json(
            200,
            json!({
                "code": 0,
                "message": null,
                "response": { "access_token": token, "now": now, "expired_at": expires }
            }),
        )
    }

    fn archisketch_login(&self, state: &mut State, request: &Request, now: i64) -> Answer {
        self.counters
            .archisketch_logins
            .fetch_add(1, Ordering::SeqCst);
        // Every answer is 200; the envelope says whether the login worked.
        if request.text("accessKey") != Some(ARCHISKETCH_ACCESS_KEY)
            || request.text("verifyToken") != Some(ARCHISKETCH_VERIFY_TOKEN)
        {
            return Answer::Json(
                200,
                json!({
                    "result": "FAIL",
                    "error": { "errorCode": "FORBIDDEN", "message": "인증에 실패했습니다." }
                }),
            );
        }
        let access = issue_access(state, now);
        let refresh = format!("archisketch-refresh-{}", state.issued);
        state.issued(&refresh);
        Answer::Json(
            200,
            json!({
                "result": "SUCCESS",
                "data": {
                    "user": {
                        "id": "user-1",
                        "origin": "partner",
                        "uid": "partner-user-1",
                        "email": "designer@example.com",
                        "role": "DESIGNER",
                        "createdAt": "2024-01-02T03:04:05Z",
                        "updatedAt": "2024-01-02T03:04:05Z"
                    },
                    "token": { "access": access, "refresh": refresh }
                }
            }),
        )
    }
}

/// Issues an access token (a JWT, unless the server was told otherwise) that lives 30 minutes.
fn issue_access(state: &mut State, now: i64) -> String {
    state.issued += 1;
    let access = if state.opaque {
        format!("opaque-access-token-{:06}", state.issued)
    } else {
        jwt(now + ACCESS_LIFETIME, state.issued)
    };
    state.issued(&access);
    state.access.insert(access.clone(), now + ACCESS_LIFETIME);
    access
}

/// Issues a V2 token pair, revoking the previous refresh token.
fn issue_v2(state: &mut State, now: i64) -> Value {
    let access = issue_access(state, now);
    let refresh = jwt(now + REFRESH_LIFETIME, state.issued);
    state.issued(&refresh);
    state.v2_refresh = Some((refresh.clone(), now + REFRESH_LIFETIME));
    json!({ "accessToken": access, "refreshToken": refresh })
}

/// Issues a legacy token pair, revoking the previous refresh token.
fn issue_legacy(state: &mut State, now: i64) -> Value {
    let access = issue_access(state, now);
    let refresh = format!("legacy-refresh-{}", state.issued);
    state.issued(&refresh);
    state.legacy_refresh = Some(refresh.clone());
    json!({ "access_token": access, "refresh_token": refresh })
}

fn valid_access(state: &State, request: &Request, now: i64) -> bool {
    request
        .bearer()
        .and_then(|token| state.access.get(token))
        .is_some_and(|expires| now < *expires)
}

fn v2_error(status: u16, kind: &str, message: &str) -> Answer {
    Answer::Json(status, json!({ "type": kind, "message": message }))
}

fn legacy_error(status: u16, message: &str) -> Answer {
    Answer::Json(
        status,
        json!({ "code": status.to_string(), "params": { "message": message } }),
    )
}

fn not_found() -> Answer {
    Answer::Json(404, json!({ "message": "no such endpoint" }))
}

/// A paid V1 payment, in its envelope.
fn v1_payment(imp_uid: &str) -> Value {
    json!({
        "code": 0,
        "message": null,
        "response": {
            "imp_uid": imp_uid,
            "merchant_uid": "order-1",
            "sandbox": false,
            "amount": 1000,
            "cancel_amount": 0,
            "currency": "KRW",
            "status": "paid"
        }
    })
}

/// A JWT (unsigned, which is all a client may assume) with an `exp` claim.
pub fn jwt(exp: i64, n: usize) -> String {
    jwt_with_claims(&format!(
        r#"{{"exp":{exp},"iat":{},"n":{n}}}"#,
        exp - ACCESS_LIFETIME
    ))
}

/// A JWT (unsigned) whose payload is `claims`, written as given.
pub fn jwt_with_claims(claims: &str) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        base64url(br#"{"alg":"ES256","typ":"JWT"}"#),
        base64url(claims.as_bytes())
    )
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A whole HTTP/1.1 response; `claimed` overrides the `Content-Length` sent.
fn response(status: u16, body: &str, claimed: Option<usize>) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        claimed.unwrap_or(body.len())
    )
    .into_bytes()
}
