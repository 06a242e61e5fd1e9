//! The `client` feature against a real HTTP server on 127.0.0.1: each way a call can end comes
//! back as its typed result or error, never a panic.

use std::time::Duration;

use oapigen_tests::{Reply, TestServer, http_json};
use partner_apis::portone_v2::{models, operations::LoginViaApiSecret};
use partner_apis::runtime::{Client, ResponseError, SendError, UnexpectedReason};

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
    let server = TestServer::start(1, move |_| Reply::Raw(http_json(200, &body)));
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
        Reply::Raw(http_json(401, r#"{"type":"UNAUTHORIZED","message":"bad"}"#))
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
async fn a_server_error_keeps_its_status_and_body() {
    let server = TestServer::start(1, |_| Reply::Raw(http_json(503, "down for maintenance")));
    match client(&server).send(login()).await {
        Err(SendError::Response(ResponseError::Unexpected(u))) => {
            assert_eq!(u.status, 503);
            assert_eq!(u.reason, UnexpectedReason::UndocumentedStatus);
            assert_eq!(u.body(), b"down for maintenance");
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_an_unexpected_response() {
    let server = TestServer::start(1, |_| Reply::Raw(http_json(200, r#"{"token":"x"}"#)));
    match client(&server).send(login()).await {
        Err(SendError::Response(ResponseError::Unexpected(u))) => {
            assert!(matches!(u.reason, UnexpectedReason::InvalidBody(_)));
        }
        other => panic!("expected an invalid body, got {other:?}"),
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let server = TestServer::start(1, |_| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"access"
                .to_vec(),
        )
    });
    let error = client(&server)
        .send(login())
        .await
        .expect_err("the body is cut short");
    assert!(matches!(error, SendError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_timeout_is_a_transport_error_that_says_so() {
    let server = TestServer::start(1, |_| Reply::Stall(Duration::from_secs(2)));
    let error = client(&server)
        .send(login())
        .await
        .expect_err("no answer in time");
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    // Bind a port, then free it: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let client = Client::new()
        .expect("a client")
        .base_url(format!("http://127.0.0.1:{port}"));
    let error = client.send(login()).await.expect_err("nothing listens");
    assert!(matches!(error, SendError::Transport(_)), "{error:?}");
    assert!(!format!("{error:?}").contains("the-secret"));
}

#[tokio::test]
async fn default_headers_are_sent_and_bad_ones_refused() {
    let server = TestServer::start(1, |_| {
        Reply::Raw(http_json(401, r#"{"type":"UNAUTHORIZED"}"#))
    });
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
