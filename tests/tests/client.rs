//! `runtime::Client` (feature `client`) against a scripted HTTP server on 127.0.0.1: what it
//! sends, and documented answers as typed results. How failures come back (5xx, a closed port,
//! a timeout, a cut or misshapen body) is tested through the per-API clients in `lifecycle.rs`.

use std::time::Duration;

use oapigen_tests::{TestServer, http_json};
use partner_apis::portone_v2::{models, operations::LoginViaApiSecret};
use partner_apis::runtime::{Client, ResponseError, SendError};

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3NjU2MDQ2NTF9.c2ln";

fn login() -> LoginViaApiSecret {
    LoginViaApiSecret::new(models::LoginViaApiSecretBody {
        api_secret: "the-secret".into(),
    })
}

fn client(server: &TestServer) -> Client {
    Client::with_http(
        reqwest::Client::builder()
            .timeout(Duration::from_millis(500))
            .build()
            .expect("a reqwest client"),
    )
    .expect("a client")
    .base_url(server.base_url.clone())
}

#[tokio::test]
async fn a_documented_success_is_the_typed_output() {
    let body = format!(r#"{{"accessToken":"{JWT}","refreshToken":"r"}}"#);
    let server = TestServer::start(1, move |_| http_json(200, &body));
    let tokens = client(&server)
        .send(login())
        .await
        .expect("the login succeeds");
    assert_eq!(tokens.access_token.expose(), JWT);
    let requests = server.requests.lock().unwrap();
    assert!(
        requests[0].starts_with("POST /login/api-secret HTTP/1.1"),
        "{}",
        requests[0]
    );
    assert!(
        requests[0].ends_with(r#"{"apiSecret":"the-secret"}"#),
        "{}",
        requests[0]
    );
}

#[tokio::test]
async fn a_documented_error_is_the_typed_error() {
    let server = TestServer::start(1, |_| {
        http_json(401, r#"{"type":"UNAUTHORIZED","message":"bad"}"#)
    });
    match client(&server).send(login()).await {
        Err(SendError::Response(ResponseError::Api {
            status,
            body: models::LoginViaApiSecretError::Unauthorized(e),
        })) => {
            assert_eq!(status, 401);
            assert_eq!(e.message.as_deref(), Some("bad"));
        }
        other => panic!("expected the Unauthorized variant, got {other:?}"),
    }
}

#[tokio::test]
async fn default_headers_are_sent_and_bad_ones_refused() {
    let server = TestServer::start(1, |_| http_json(401, r#"{"type":"UNAUTHORIZED"}"#));
    let client = client(&server)
        .default_header("Tier", "T1")
        .expect("a valid header");
    let _ = client.send(login()).await;
    assert!(
        server.requests.lock().unwrap()[0]
            .to_ascii_lowercase()
            .contains("tier: t1")
    );
    assert!(
        Client::new()
            .expect("a client")
            .default_header("Tier", "a\r\nb")
            .is_err()
    );
}

#[tokio::test]
async fn send_with_headers_keeps_the_status_and_headers_of_the_answer() {
    let body = format!(r#"{{"accessToken":"{JWT}","refreshToken":"r"}}"#);
    let server = TestServer::start(1, move |_| {
        let mut answer = http_json(200, &body);
        // Insert two headers before the blank line that ends the head.
        let at = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        answer.splice(
            at..at,
            b"\r\nx-request-id: req-42\r\nset-cookie: session=cookie-secret-7"
                .iter()
                .copied(),
        );
        answer
    });
    let answered = client(&server)
        .send_with_headers(login())
        .await
        .expect("the login succeeds");
    assert_eq!(answered.status, 200);
    assert_eq!(answered.headers["x-request-id"], "req-42");
    assert_eq!(answered.output.access_token.expose(), JWT);
    let shown = format!("{answered:?}");
    assert!(shown.contains("x-request-id"), "{shown}");
    oapigen_tests::assert_hides(&shown, &["req-42", "cookie-secret-7", JWT]);
}
