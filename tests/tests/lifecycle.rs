//! The generated clients against the local partner server (`oapigen_tests::partners`), which
//! behaves as the seeds describe: tokens are got, kept, shared, refreshed and renewed as each
//! API requires, and every failure is a typed error.

use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use oapigen_tests::partners::{
    ACCESS_LIFETIME, ARCHISKETCH_ACCESS_KEY, ARCHISKETCH_VERIFY_TOKEN, Counters, Fault,
    LEGACY_API_KEY, Partner, PartnerServer, V1_IMP_KEY, V1_IMP_SECRET, V2_API_SECRET,
};
use partner_apis::runtime::{self, EnvelopeError, ResponseError, SendError, UnexpectedReason};
use partner_apis::{archisketch, portone_v1, portone_v2, portone_v2_legacy};

#[path = "../examples/portone_v2.rs"]
#[allow(dead_code)]
mod portone_v2_example;
use portone_v2_example::GetPayment;

fn count(counter: &AtomicUsize) -> usize {
    Counters::get(counter)
}

fn http(server: &PartnerServer, partner: Partner) -> runtime::Client {
    runtime::Client::new()
        .expect("a reqwest client")
        .base_url(server.base_url(partner))
        .timeout(Duration::from_secs(10))
}

/// A V2 client whose clock is the server's.
fn v2(server: &PartnerServer) -> portone_v2::client::Client {
    v2_with_secret(server, V2_API_SECRET)
}

fn v2_with_secret(server: &PartnerServer, secret: &str) -> portone_v2::client::Client {
    portone_v2::client::Client::with_client(
        http(server, Partner::V2),
        portone_v2::models::LoginViaApiSecretBody {
            api_secret: secret.into(),
        },
    )
    .with_clock(server.clock())
}

/// A V1 client on the system clock (the server's clock may disagree with it).
fn v1(server: &PartnerServer) -> portone_v1::client::Client {
    v1_with_secret(server, V1_IMP_SECRET)
}

fn v1_with_secret(server: &PartnerServer, secret: &str) -> portone_v1::client::Client {
    portone_v1::client::Client::with_client(
        http(server, Partner::V1),
        portone_v1::models::GetTokenRequest {
            imp_key: V1_IMP_KEY.to_owned(),
            imp_secret: secret.into(),
        },
    )
}

fn archisketch(server: &PartnerServer, verify_token: &str) -> archisketch::client::Client {
    archisketch::client::Client::with_client(
        http(server, Partner::Archisketch),
        archisketch::models::LoginRequest {
            access_key: Some(ARCHISKETCH_ACCESS_KEY.into()),
            verify_token: Some(verify_token.into()),
        },
    )
}

/// Looks a V2 payment up with the client's token.
async fn v2_payment(
    client: &portone_v2::client::Client,
) -> Result<serde_json::Value, SendError<serde_json::Value, portone_v2::client::AuthError>> {
    client
        .send_authorized(GetPayment::new("payment-1"), GetPayment::bearer_auth)
        .await
}

async fn v1_payment(
    client: &portone_v1::client::Client,
) -> Result<
    portone_v1::models::PaymentResponse,
    SendError<portone_v1::models::ErrorResponse, portone_v1::client::AuthError>,
> {
    client
        .get_payment_by_imp_uid(portone_v1::operations::GetPaymentByImpUid::new(
            "imp_448280090638",
        ))
        .await
}

/// Runs `n` copies of `call` at once on the client and waits for all of them.
async fn concurrently<C, T, F, Fut>(client: &C, n: usize, call: F) -> Vec<T>
where
    C: Clone + Send + 'static,
    T: Send + 'static,
    F: Fn(C) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(call(client.clone()))).collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("the task ran to the end"));
    }
    results
}

// ---- PortOne V2 ------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_a_hundred_concurrent_calls_cause_exactly_one_login() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    let results = concurrently(&client, 100, |c| async move { v2_payment(&c).await }).await;
    for result in results {
        assert_eq!(result.expect("the lookup succeeds")["status"], "PAID");
    }
    assert_eq!(count(&server.counters.v2_logins), 1);
    assert_eq!(count(&server.counters.v2_refreshes), 0);
    assert_eq!(count(&server.counters.payments), 100);
    assert_eq!(count(&server.counters.unauthorized), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_an_expired_access_token_causes_exactly_one_refresh() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    v2_payment(&client).await.expect("the first lookup");
    // 31 minutes later by both clocks: the access token expired, the refresh token did not.
    server.advance(ACCESS_LIFETIME + 60);
    let results = concurrently(&client, 100, |c| async move { v2_payment(&c).await }).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(count(&server.counters.v2_logins), 1);
    assert_eq!(count(&server.counters.v2_refreshes), 1);
    assert_eq!(
        count(&server.counters.unauthorized),
        0,
        "no call used the old token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_a_token_renewed_shortly_before_it_expires() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    let first = client.access_token().await.expect("a token");
    server.advance(ACCESS_LIFETIME - 120);
    let same = client.access_token().await.expect("a token");
    assert_eq!(first.expose(), same.expose(), "two minutes left: kept");
    server.advance(90);
    let renewed = client.access_token().await.expect("a token");
    assert_ne!(
        first.expose(),
        renewed.expose(),
        "30 seconds left: refreshed"
    );
    assert_eq!(count(&server.counters.v2_refreshes), 1);
}

#[tokio::test]
async fn v2_a_token_that_is_no_jwt_lives_thirty_minutes_from_its_issue() {
    let server = PartnerServer::start().expect("the server starts");
    server.issue_opaque_tokens();
    let client = v2(&server);
    let first = client.access_token().await.expect("a token");
    assert!(runtime::jwt_expiry(first.expose()).is_none(), "not a JWT");
    // 28 minutes on: more than the one-minute margin is left of the 30 counted from issue.
    server.advance(ACCESS_LIFETIME - 120);
    let same = client.access_token().await.expect("a token");
    assert_eq!(first.expose(), same.expose());
    assert_eq!(count(&server.counters.v2_refreshes), 0);
    // 29 min 30 s on: inside the margin, so the client refreshes before the server refuses.
    server.advance(90);
    v2_payment(&client).await.expect("the lookup succeeds");
    assert_eq!(count(&server.counters.v2_refreshes), 1);
    assert_eq!(count(&server.counters.unauthorized), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_a_token_the_server_refuses_is_refreshed_once_and_the_call_retried() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    v2_payment(&client).await.expect("the first lookup");
    // The server forgets the access tokens; the client still thinks its token is good.
    server.revoke_access_tokens();
    let results = concurrently(&client, 50, |c| async move { v2_payment(&c).await }).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(
        count(&server.counters.v2_refreshes),
        1,
        "one refresh for 50 refusals"
    );
    assert_eq!(count(&server.counters.v2_logins), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_a_revoked_refresh_token_falls_back_to_login() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    client.access_token().await.expect("the first login");
    // Another server of the same merchant logs in, which revokes our refresh token.
    server.v2_login_elsewhere();
    server.advance(ACCESS_LIFETIME + 60);
    let results = concurrently(&client, 20, |c| async move { v2_payment(&c).await }).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(count(&server.counters.v2_refused_refreshes), 1);
    // Our first login and the fallback (the other server's login is not counted).
    assert_eq!(count(&server.counters.v2_logins), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v2_a_caller_that_gives_up_mid_refresh_does_not_strand_the_refresh_token() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    client.access_token().await.expect("the first login");
    server.advance(ACCESS_LIFETIME + 60);
    // The refresh takes 600 ms, and its caller gives up after 100: PortOne has rotated the
    // refresh token by the time it answers, whether anyone still listens or not.
    server.fail_next(Fault::Delay(Duration::from_millis(600)));
    let gave_up = tokio::time::timeout(Duration::from_millis(100), client.access_token()).await;
    assert!(gave_up.is_err(), "the caller stopped waiting");
    // The refresh goes on without that caller and keeps the new tokens: the next call uses
    // them rather than the old refresh token.
    v2_payment(&client).await.expect("the lookup succeeds");
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.advance(ACCESS_LIFETIME + 60);
    v2_payment(&client).await.expect("the lookup succeeds");
    assert_eq!(count(&server.counters.v2_refreshes), 2);
    assert_eq!(
        count(&server.counters.v2_refused_refreshes),
        0,
        "no stale refresh token was sent"
    );
    assert_eq!(count(&server.counters.v2_logins), 1);
}

#[tokio::test]
async fn v2_a_refused_refresh_token_is_not_sent_again_when_the_login_after_it_fails() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    client.access_token().await.expect("the first login");
    server.v2_login_elsewhere();
    server.advance(ACCESS_LIFETIME + 60);
    // The refresh is refused (revoked), and the login that follows meets an outage.
    server.fail_next_at("/login/api-secret", Fault::Status(503));
    match client.access_token().await {
        Err(portone_v2::client::AuthError::Login(SendError::Response(
            ResponseError::Unexpected(u),
        ))) => assert_eq!(u.status, 503),
        other => panic!("expected the login's 503, got {other:?}"),
    }
    // The next call logs in straight away: the refused refresh token is gone.
    v2_payment(&client).await.expect("the lookup succeeds");
    assert_eq!(count(&server.counters.v2_refused_refreshes), 1);
    assert_eq!(count(&server.counters.v2_refreshes), 0);
    assert_eq!(count(&server.counters.v2_logins), 2);
}

#[tokio::test]
async fn v2_a_refresh_that_timed_out_is_followed_by_a_login_not_by_its_token_again() {
    let server = PartnerServer::start().expect("the server starts");
    let client = portone_v2::client::Client::with_client(
        http(&server, Partner::V2).timeout(Duration::from_millis(300)),
        portone_v2::models::LoginViaApiSecretBody {
            api_secret: V2_API_SECRET.into(),
        },
    )
    .with_clock(server.clock());
    client.access_token().await.expect("the first login");
    server.advance(ACCESS_LIFETIME + 60);
    // The API carries the refresh out (and so revokes the refresh token) after the client
    // has given up on it.
    server.fail_next_at("/token/refresh", Fault::Delay(Duration::from_millis(600)));
    match client.access_token().await {
        Err(portone_v2::client::AuthError::Refresh(e)) => assert!(e.is_timeout(), "{e:?}"),
        other => panic!("expected the refresh's timeout, got {other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(count(&server.counters.v2_refreshes), 1, "the API rotated");
    client.access_token().await.expect("a login");
    assert_eq!(
        count(&server.counters.v2_refused_refreshes),
        0,
        "the revoked refresh token was not sent"
    );
    assert_eq!(count(&server.counters.v2_logins), 2);
}

#[tokio::test]
async fn v2_server_rotates_refresh_tokens() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2(&server);
    let login = client
        .login_via_api_secret(portone_v2::operations::LoginViaApiSecret::new(
            portone_v2::models::LoginViaApiSecretBody {
                api_secret: V2_API_SECRET.into(),
            },
        ))
        .await
        .expect("the login");
    let refresh = |token: runtime::SecretString| {
        client.refresh_token(portone_v2::operations::RefreshToken::new(
            portone_v2::models::RefreshTokenBody {
                refresh_token: token,
            },
        ))
    };
    let renewed = refresh(login.refresh_token.clone())
        .await
        .expect("the first use of a refresh token");
    assert_ne!(renewed.refresh_token.expose(), login.refresh_token.expose());
    match refresh(login.refresh_token).await {
        Err(SendError::Response(ResponseError::Api {
            status,
            body: portone_v2::models::RefreshTokenError::Unauthorized(_),
        })) => assert_eq!(status, 401),
        other => panic!("a reused refresh token must get 401 UNAUTHORIZED, got {other:?}"),
    }
}

#[tokio::test]
async fn v2_a_wrong_secret_is_a_typed_login_error() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v2_with_secret(&server, "not-the-secret");
    match v2_payment(&client).await {
        Err(SendError::Auth(portone_v2::client::AuthError::Login(SendError::Response(
            ResponseError::Api {
                status,
                body: portone_v2::models::LoginViaApiSecretError::Unauthorized(e),
            },
        )))) => {
            assert_eq!(status, 401);
            assert!(e.message.is_some());
        }
        other => panic!("expected the login's Unauthorized error, got {other:?}"),
    }
    assert_eq!(count(&server.counters.payments), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v2_callers_waiting_for_a_failed_login_do_not_each_retry_it() {
    let server = PartnerServer::start().expect("the server starts");
    // The login takes a while, so that every caller is waiting for it when it fails.
    server.fail_next(Fault::Delay(Duration::from_secs(1)));
    let client = v2_with_secret(&server, "not-the-secret");
    let results = concurrently(&client, 50, |c| async move { c.access_token().await }).await;
    let (mut reasons, mut elsewhere) = (0, 0);
    for result in results {
        match result {
            Err(portone_v2::client::AuthError::Login(_)) => reasons += 1,
            Err(portone_v2::client::AuthError::FailedElsewhere) => elsewhere += 1,
            other => panic!("expected a failed login, got {other:?}"),
        }
    }
    assert_eq!((reasons, elsewhere), (1, 49));
    assert_eq!(
        count(&server.counters.v2_refused_logins),
        1,
        "one request, not 50"
    );
    // A later call tries again.
    client
        .access_token()
        .await
        .expect_err("still the wrong secret");
    assert_eq!(count(&server.counters.v2_refused_logins), 2);
}

// ---- PortOne V1 ------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn v1_a_hundred_concurrent_lookups_cause_exactly_one_get_token() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1(&server);
    let results = concurrently(&client, 100, |c| async move { v1_payment(&c).await }).await;
    for result in results {
        let payment = result
            .expect("the lookup succeeds")
            .into_result()
            .expect("code 0");
        assert_eq!(payment.imp_uid, "imp_448280090638");
    }
    assert_eq!(count(&server.counters.v1_logins), 1);
    assert_eq!(count(&server.counters.payments), 100);
    // The token went as `Authorization: Bearer`.
    let (token, _) = server.v1_token().expect("a token was issued");
    let requests = server.requests.lock().unwrap();
    let lookup = requests
        .iter()
        .find(|r| r.starts_with("GET /v1/payments/"))
        .expect("a lookup");
    assert!(
        lookup.contains(&format!("authorization: Bearer {token}")),
        "{lookup}"
    );
}

#[tokio::test]
async fn v1_expiry_counts_from_the_servers_clock_not_ours() {
    let server = PartnerServer::start().expect("the server starts");
    // The server's clock is an hour behind ours: by our clock, its `expired_at` has passed
    // when the token is issued. A client that compared it with our clock would log in for
    // every call.
    server.set_now(server.now() - 3600);
    let client = v1(&server);
    for _ in 0..5 {
        v1_payment(&client).await.expect("the lookup succeeds");
    }
    assert_eq!(count(&server.counters.v1_logins), 1);
}

#[tokio::test]
async fn v1_asking_in_the_last_minute_gives_the_same_token_extended_by_five_minutes() {
    let server = PartnerServer::start().expect("the server starts");
    // Server and client share a clock here, to step through the token's life.
    let client = v1(&server).with_clock(server.clock());
    let first = client.access_token().await.expect("a token");
    let (_, expires) = server.v1_token().expect("issued");
    assert_eq!(expires, server.now() + ACCESS_LIFETIME);
    // 29 min 30 s later the client renews (its margin is a minute): PortOne gives the same
    // token with five more minutes.
    server.advance(ACCESS_LIFETIME - 30);
    let renewed = client.access_token().await.expect("a token");
    assert_eq!(first.expose(), renewed.expose(), "the same token");
    assert_eq!(server.v1_token().expect("issued").1, expires + 5 * 60);
    assert_eq!(count(&server.counters.v1_logins), 2);
    // The extended token keeps working past its first expiry.
    server.advance(60);
    v1_payment(&client).await.expect("the lookup succeeds");
    assert_eq!(count(&server.counters.v1_logins), 2);
}

#[tokio::test]
async fn v1_asking_earlier_gives_the_same_token_unextended() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1(&server);
    let get_token = || {
        client.get_token(portone_v1::operations::GetToken::new(
            portone_v1::models::GetTokenRequest {
                imp_key: V1_IMP_KEY.to_owned(),
                imp_secret: V1_IMP_SECRET.into(),
            },
        ))
    };
    let first = get_token()
        .await
        .expect("a token")
        .into_result()
        .expect("code 0");
    server.advance(10 * 60);
    let second = get_token()
        .await
        .expect("a token")
        .into_result()
        .expect("code 0");
    assert_eq!(first.access_token.expose(), second.access_token.expose());
    assert_eq!(first.expired_at, second.expired_at);
    assert_eq!(second.now, first.now + 10 * 60);
    // After expiry, a new token.
    server.advance(ACCESS_LIFETIME);
    let third = get_token()
        .await
        .expect("a token")
        .into_result()
        .expect("code 0");
    assert_ne!(first.access_token.expose(), third.access_token.expose());
}

#[tokio::test]
async fn v1_an_expired_token_is_renewed_after_the_401() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1(&server);
    v1_payment(&client).await.expect("the first lookup");
    // 31 minutes pass on the server only: the client's token looks good to it.
    server.advance(ACCESS_LIFETIME + 60);
    v1_payment(&client)
        .await
        .expect("the lookup succeeds after one retry");
    assert_eq!(count(&server.counters.unauthorized), 1);
    assert_eq!(count(&server.counters.v1_logins), 2);
}

#[tokio::test]
async fn v1_wrong_credentials_are_a_typed_login_error() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1_with_secret(&server, "not-the-secret");
    match v1_payment(&client).await {
        Err(SendError::Auth(portone_v1::client::AuthError::Login(SendError::Response(
            ResponseError::Api { status, body },
        )))) => {
            assert_eq!(status, 401);
            assert_eq!(body.code, -1);
        }
        other => panic!("expected the login's 401, got {other:?}"),
    }
}

// ---- Archisketch -----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn archisketch_login_unwraps_the_envelope_once_for_many_callers() {
    let server = PartnerServer::start().expect("the server starts");
    let client = archisketch(&server, ARCHISKETCH_VERIFY_TOKEN);
    let tokens = concurrently(&client, 50, |c| async move { c.access_token().await }).await;
    let first = tokens[0].as_ref().expect("a token").expose().to_owned();
    assert!(
        tokens
            .iter()
            .all(|t| t.as_ref().is_ok_and(|t| t.expose() == first))
    );
    assert_eq!(count(&server.counters.archisketch_logins), 1);
    // The token is a JWT whose `exp` the client reads.
    assert!(runtime::jwt_expiry(&first).is_some());
}

#[tokio::test]
async fn archisketch_a_fail_envelope_is_a_typed_error() {
    let server = PartnerServer::start().expect("the server starts");
    let client = archisketch(&server, "not-the-token");
    match client.access_token().await {
        Err(archisketch::client::AuthError::LoginRefused(EnvelopeError::Failed {
            status,
            error: Some(error),
        })) => {
            assert_eq!(
                status,
                archisketch::models::ApiResponseOAuthResponseResult::Fail
            );
            assert_eq!(
                error.error_code,
                Some(archisketch::models::ErrorMessageErrorCode::Forbidden)
            );
        }
        other => panic!("expected LoginRefused, got {other:?}"),
    }
}

#[tokio::test]
async fn archisketch_an_outage_is_the_5xx_with_its_body() {
    let server = PartnerServer::start().expect("the server starts");
    server.fail_next(Fault::Status(503));
    let client = archisketch(&server, ARCHISKETCH_VERIFY_TOKEN);
    match client.access_token().await {
        Err(archisketch::client::AuthError::Login(SendError::Response(
            ResponseError::Unexpected(u),
        ))) => {
            assert_eq!(u.status, 503);
            assert_eq!(u.body(), b"temporarily unavailable");
        }
        other => panic!("expected the 503, got {other:?}"),
    }
    // The outage is over: the next call logs in.
    client.access_token().await.expect("a token");
}

// ---- PortOne V2 beta (deprecated) ------------------------------------------------------------

#[tokio::test]
#[allow(deprecated)]
async fn legacy_signs_in_and_regenerates_with_the_refresh_token() {
    let server = PartnerServer::start().expect("the server starts");
    let client = portone_v2_legacy::client::Client::with_client(
        http(&server, Partner::Legacy),
        portone_v2_legacy::models::SignInWithApiKeyRequest {
            api_key: LEGACY_API_KEY.into(),
        },
    )
    .with_clock(server.clock());
    let first = client.access_token().await.expect("a token");
    server.advance(ACCESS_LIFETIME);
    let second = client.access_token().await.expect("a token");
    assert_ne!(first.expose(), second.expose());
    assert_eq!(count(&server.counters.legacy_logins), 1);
    assert_eq!(count(&server.counters.legacy_refreshes), 1);
}

// ---- Failures --------------------------------------------------------------------------------

#[tokio::test]
async fn a_5xx_on_an_authenticated_call_keeps_status_and_body() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1(&server);
    client.access_token().await.expect("a token");
    server.fail_next(Fault::Status(502));
    match v1_payment(&client).await {
        Err(SendError::Response(ResponseError::Unexpected(u))) => {
            assert_eq!(u.status, 502);
            assert_eq!(u.reason, UnexpectedReason::UndocumentedStatus);
            assert_eq!(u.body(), b"temporarily unavailable");
        }
        other => panic!("expected the 502, got {other:?}"),
    }
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error_of_the_login() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let client = portone_v1::client::Client::with_client(
        runtime::Client::new()
            .expect("a reqwest client")
            .base_url(format!("http://127.0.0.1:{port}/v1")),
        portone_v1::models::GetTokenRequest {
            imp_key: V1_IMP_KEY.to_owned(),
            imp_secret: V1_IMP_SECRET.into(),
        },
    );
    match v1_payment(&client).await {
        Err(SendError::Auth(portone_v1::client::AuthError::Login(SendError::Transport(e)))) => {
            assert!(e.is_connect(), "{e:?}");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_transport_error_shows_no_credentials_of_the_url() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let http = runtime::Client::new()
        .expect("a reqwest client")
        .base_url(format!("http://user:url-password-3kd@127.0.0.1:{port}/v1"));
    let error = http
        .send(portone_v1::operations::GetToken::new(
            portone_v1::models::GetTokenRequest {
                imp_key: V1_IMP_KEY.to_owned(),
                imp_secret: V1_IMP_SECRET.into(),
            },
        ))
        .await
        .expect_err("nothing listens");
    let shown = format!("{error:?} {error} {http:?}");
    assert!(shown.contains("127.0.0.1"), "{shown}");
    assert!(!shown.contains("url-password-3kd"), "{shown}");
    assert!(!shown.contains("user:"), "{shown}");
}

#[tokio::test]
async fn a_timeout_is_a_transport_error_that_says_so() {
    let server = PartnerServer::start().expect("the server starts");
    let client = portone_v2::client::Client::with_client(
        http(&server, Partner::V2).timeout(Duration::from_millis(300)),
        portone_v2::models::LoginViaApiSecretBody {
            api_secret: V2_API_SECRET.into(),
        },
    );
    client.access_token().await.expect("a token");
    server.fail_next(Fault::Stall(Duration::from_secs(2)));
    let error = v2_payment(&client).await.expect_err("no answer in time");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1(&server);
    client.access_token().await.expect("a token");
    server.fail_next(Fault::Truncated);
    let error = v1_payment(&client)
        .await
        .expect_err("the body is cut short");
    assert!(matches!(error, SendError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_an_unexpected_response() {
    let server = PartnerServer::start().expect("the server starts");
    let client = v1(&server);
    client.access_token().await.expect("a token");
    server.fail_next(Fault::WrongShape);
    match v1_payment(&client).await {
        Err(SendError::Response(ResponseError::Unexpected(u))) => {
            assert_eq!(u.status, 200);
            assert!(
                matches!(u.reason, UnexpectedReason::InvalidBody(_)),
                "{u:?}"
            );
            assert_eq!(u.body(), br#"{"unexpected":[1,2,3]}"#);
        }
        other => panic!("expected an invalid body, got {other:?}"),
    }
}

// ---- Examples --------------------------------------------------------------------------------

#[path = "../examples/portone_v1.rs"]
#[allow(dead_code)]
mod portone_v1_example;

#[path = "../examples/archisketch.rs"]
#[allow(dead_code)]
mod archisketch_example;

#[tokio::test]
async fn the_examples_run_against_the_local_server() {
    let server = PartnerServer::start().expect("the server starts");
    let line = portone_v1_example::run(
        &server.base_url(Partner::V1),
        V1_IMP_KEY,
        V1_IMP_SECRET,
        "imp_1",
    )
    .await
    .expect("the V1 example runs");
    assert_eq!(line, "imp_1 (order-1): paid 1000 KRW");
    let payment = portone_v2_example::run(&server.base_url(Partner::V2), V2_API_SECRET, "p-1")
        .await
        .expect("the V2 example runs");
    assert_eq!(payment["id"], "p-1");
    let lines = archisketch_example::run(
        &server.base_url(Partner::Archisketch),
        ARCHISKETCH_ACCESS_KEY,
        ARCHISKETCH_VERIFY_TOKEN,
    )
    .await
    .expect("the Archisketch example runs");
    assert_eq!(lines[1], "refused as expected: FAIL, FORBIDDEN");
}
