//! Tests live in `tests/`; this library helps them find the workspace, build the responses a
//! generated `parse_response` reads, and check the requests, results and `Debug` output of the
//! generated crate.

pub mod partners;

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use partner_apis::runtime::{ResponseError, UnexpectedReason, UnexpectedResponse};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A response with `status`, the given `Content-Type` and `body` as it is.
pub fn response_with_content_type(
    status: u16,
    content_type: &str,
    body: impl Into<Vec<u8>>,
) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, content_type)
        .body(body.into())
        .expect("a valid test response")
}

/// A response with `status`, `Content-Type: application/json` and `body` as it is.
pub fn response(status: u16, body: impl Into<Vec<u8>>) -> http::Response<Vec<u8>> {
    response_with_content_type(status, "application/json", body)
}

/// A response with `status` and `body` serialised as JSON.
pub fn json_response(status: u16, body: &serde_json::Value) -> http::Response<Vec<u8>> {
    response(status, body.to_string())
}

/// The request body, parsed as JSON; panics when it is not JSON.
#[track_caller]
pub fn request_json(request: &http::Request<Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(request.body()).expect("the request body is JSON")
}

/// Asserts that `request` is a `method` request to exactly `uri`, with the `Content-Type`
/// `content_type` and a JSON body equal to `body`.
#[track_caller]
pub fn assert_json_request(
    request: &http::Request<Vec<u8>>,
    method: http::Method,
    uri: &str,
    content_type: &str,
    body: &serde_json::Value,
) {
    assert_eq!(request.method(), method, "request method");
    assert_eq!(request.uri().to_string(), uri, "request URI");
    let actual_type = request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .expect("the request has a Content-Type");
    assert_eq!(actual_type, content_type, "request Content-Type");
    assert_eq!(&request_json(request), body, "request body");
}

/// Asserts that none of `secrets` appears in `shown` (a `Debug` or `Display` rendering), naming
/// the one that leaked.
#[track_caller]
pub fn assert_hides(shown: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!secret.is_empty(), "an empty secret is in every string");
        assert!(
            !shown.contains(secret),
            "`{secret}` leaked into the output: {shown}"
        );
    }
}

/// The `ResponseError::Api` side of a `parse_response` result, as its status and decoded body;
/// panics on anything else.
#[track_caller]
pub fn expect_api_error<T: Debug, E: Debug>(
    result: Result<T, ResponseError<E>>,
) -> (http::StatusCode, E) {
    match result {
        Err(ResponseError::Api { status, body }) => (status, body),
        other => panic!("expected ResponseError::Api, got {other:?}"),
    }
}

/// The `ResponseError::Unexpected` side of a `parse_response` result; panics on anything else.
#[track_caller]
pub fn expect_unexpected<T: Debug, E: Debug>(
    result: Result<T, ResponseError<E>>,
) -> Box<UnexpectedResponse> {
    match result {
        Err(ResponseError::Unexpected(unexpected)) => unexpected,
        other => panic!("expected ResponseError::Unexpected, got {other:?}"),
    }
}

/// Asserts that `result` is an unexpected response with `status` whose body did not decode as
/// documented (`UnexpectedReason::InvalidBody`), and that it kept `body` as it came; returns it.
#[track_caller]
pub fn assert_invalid_body<T: Debug, E: Debug>(
    result: Result<T, ResponseError<E>>,
    status: u16,
    body: impl AsRef<[u8]>,
) -> Box<UnexpectedResponse> {
    let unexpected = expect_unexpected(result);
    assert!(
        matches!(unexpected.reason, UnexpectedReason::InvalidBody(_)),
        "reason: {:?}",
        unexpected.reason
    );
    assert_unexpected_parts(&unexpected, status, body.as_ref());
    unexpected
}

/// Asserts that `result` is an unexpected response with a `status` the spec does not document
/// (`UnexpectedReason::UndocumentedStatus`), and that it kept `body` as it came; returns it.
#[track_caller]
pub fn assert_undocumented_status<T: Debug, E: Debug>(
    result: Result<T, ResponseError<E>>,
    status: u16,
    body: impl AsRef<[u8]>,
) -> Box<UnexpectedResponse> {
    let unexpected = expect_unexpected(result);
    assert_eq!(unexpected.reason, UnexpectedReason::UndocumentedStatus);
    assert_unexpected_parts(&unexpected, status, body.as_ref());
    unexpected
}

#[track_caller]
fn assert_unexpected_parts(unexpected: &UnexpectedResponse, status: u16, body: &[u8]) {
    assert_eq!(unexpected.status, status, "unexpected response status");
    assert_eq!(unexpected.body(), body, "unexpected response body");
}

/// A plain HTTP/1.1 server on 127.0.0.1, on a free port, for end-to-end tests: it reads each
/// request (head and `Content-Length` body), hands it to `handler`, writes the bytes the
/// handler returns (a whole HTTP response) and closes. It serves `connections` connections,
/// then stops. (`partners::PartnerServer` is the stand-in with the partners' behaviour.)
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// The raw requests it received, in order.
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl TestServer {
    /// Starts the server on a thread of its own.
    pub fn start(connections: usize, handler: impl Fn(&str) -> Vec<u8> + Send + 'static) -> Self {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port on loopback");
        let base_url = format!("http://{}", listener.local_addr().expect("the port"));
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(connections) {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
                let mut head = String::new();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let request = format!("{head}\r\n{}", String::from_utf8_lossy(&body));
                seen.lock().expect("the request log").push(request.clone());
                let _ = stream.write_all(&handler(&request));
            }
        });
        Self { base_url, requests }
    }
}

/// A whole HTTP/1.1 response with a JSON body.
pub fn http_json(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
