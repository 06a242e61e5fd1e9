//! Token lifecycle against a local server with PortOne V2's semantics: login and refresh give
//! an access token (a JWT whose `exp` the client trusts) and a refresh token, and every login
//! or refresh revokes the previous refresh token.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oapigen_tests::{Reply, TestServer, http_json};
use partner_apis::portone_v2::{models, operations};
use partner_apis::runtime::{Client, SecretString, SendError, TokenCache, Tokens, jwt_expiry};

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn jwt(exp: u64, n: usize) -> String {
    format!(
        "{}.{}.sig",
        base64url(br#"{"alg":"none"}"#),
        base64url(format!(r#"{{"exp":{exp},"n":{n}}}"#).as_bytes())
    )
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The server's state: how many logins and refreshes it served, the one refresh token that
/// is valid, and how long the access tokens it issues live (negative: already expired).
#[derive(Default)]
struct V2 {
    logins: AtomicUsize,
    refreshes: AtomicUsize,
    valid_refresh: Mutex<String>,
    lifetime: Mutex<i64>,
}

fn server(state: Arc<V2>, connections: usize) -> TestServer {
    TestServer::start(connections, move |request| {
        let issued = state.logins.load(Ordering::SeqCst) + state.refreshes.load(Ordering::SeqCst);
        let lifetime = *state.lifetime.lock().unwrap();
        let exp = (unix_now() as i64 + lifetime).max(0) as u64;
        let pair = |n: usize, state: &V2| {
            let refresh = format!("refresh-{n}");
            *state.valid_refresh.lock().unwrap() = refresh.clone();
            format!(
                r#"{{"accessToken":"{}","refreshToken":"{refresh}"}}"#,
                jwt(exp, n)
            )
        };
        if request.starts_with("POST /login/api-secret") {
            state.logins.fetch_add(1, Ordering::SeqCst);
            Reply::Raw(http_json(200, &pair(issued, &state)))
        } else if request.starts_with("POST /token/refresh") {
            let valid = state.valid_refresh.lock().unwrap().clone();
            if request.contains(&format!(r#""refreshToken":"{valid}""#)) {
                state.refreshes.fetch_add(1, Ordering::SeqCst);
                Reply::Raw(http_json(200, &pair(issued, &state)))
            } else {
                Reply::Raw(http_json(
                    401,
                    r#"{"type":"UNAUTHORIZED","message":"revoked"}"#,
                ))
            }
        } else {
            Reply::Raw(http_json(404, "{}"))
        }
    })
}

/// Gets a token through the cache, logging in or refreshing with the generated operations.
async fn token(cache: &TokenCache, client: &Client) -> Result<SecretString, SendError<()>> {
    cache
        .token(
            || async {
                let body = models::LoginViaApiSecretBody {
                    api_secret: "secret".into(),
                };
                let tokens = client
                    .send(operations::LoginViaApiSecret::new(body))
                    .await
                    .map_err(|_| {
                        SendError::Response(partner_apis::runtime::ResponseError::Api {
                            status: http::StatusCode::UNAUTHORIZED,
                            body: (),
                        })
                    })?;
                Ok(Tokens::new(
                    tokens.access_token,
                    Some(tokens.refresh_token),
                    Duration::from_secs(30 * 60),
                ))
            },
            |refresh_token| async move {
                let body = models::RefreshTokenBody { refresh_token };
                match client.send(operations::RefreshToken::new(body)).await {
                    Ok(tokens) => Ok(Some(Tokens::new(
                        tokens.access_token,
                        Some(tokens.refresh_token),
                        Duration::from_secs(30 * 60),
                    ))),
                    // The refresh token was revoked or expired: log in again.
                    Err(SendError::Response(_)) => Ok(None),
                    Err(_) => Err(SendError::Build(
                        partner_apis::runtime::BuildError::InvalidParameter {
                            name: "refreshToken",
                            reason: "the refresh request failed".into(),
                        },
                    )),
                }
            },
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_callers_cause_exactly_one_login() {
    let state = Arc::new(V2::default());
    *state.lifetime.lock().unwrap() = 30 * 60;
    let server = server(state.clone(), 1);
    let client = Client::new().unwrap().base_url(server.base_url.clone());
    let cache = Arc::new(TokenCache::new(Duration::from_secs(60)));
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let (cache, client) = (cache.clone(), client.clone());
        tasks.push(tokio::spawn(async move { token(&cache, &client).await }));
    }
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.push(task.await.unwrap().expect("a token").expose().to_owned());
    }
    assert_eq!(state.logins.load(Ordering::SeqCst), 1);
    assert!(
        tokens.windows(2).all(|w| w[0] == w[1]),
        "every caller got the same token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_expired_access_token_causes_exactly_one_refresh() {
    let state = Arc::new(V2::default());
    *state.lifetime.lock().unwrap() = -10; // the first token is born expired
    let server = server(state.clone(), 2);
    let client = Client::new().unwrap().base_url(server.base_url.clone());
    let cache = Arc::new(TokenCache::new(Duration::from_secs(60)));
    token(&cache, &client).await.expect("the login");
    *state.lifetime.lock().unwrap() = 30 * 60;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (cache, client) = (cache.clone(), client.clone());
        tasks.push(tokio::spawn(async move { token(&cache, &client).await }));
    }
    for task in tasks {
        task.await.unwrap().expect("a token");
    }
    assert_eq!(state.logins.load(Ordering::SeqCst), 1);
    assert_eq!(state.refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_revoked_refresh_token_falls_back_to_login() {
    let state = Arc::new(V2::default());
    *state.lifetime.lock().unwrap() = -10;
    let server = server(state.clone(), 3);
    let client = Client::new().unwrap().base_url(server.base_url.clone());
    let cache = TokenCache::new(Duration::from_secs(60));
    token(&cache, &client).await.expect("the first login");
    // Another login elsewhere (another server of the same merchant) revokes our refresh token.
    *state.valid_refresh.lock().unwrap() = "someone-else".to_owned();
    *state.lifetime.lock().unwrap() = 30 * 60;
    token(&cache, &client)
        .await
        .expect("a token after logging in again");
    assert_eq!(state.logins.load(Ordering::SeqCst), 2);
    assert_eq!(state.refreshes.load(Ordering::SeqCst), 0);
    assert!(
        !format!("{cache:?}").contains("refresh-"),
        "Debug must hide the tokens"
    );
}

#[test]
fn jwt_expiry_reads_the_exp_claim_and_server_clocks_are_not_trusted() {
    let token = jwt(1_765_604_651, 0);
    assert_eq!(
        jwt_expiry(&token),
        Some(UNIX_EPOCH + Duration::from_secs(1_765_604_651))
    );
    assert_eq!(jwt_expiry("a9ace025c90c0da2161075da6ddd3492a2fca776"), None);
    // The real seed token's exp.
    let seed = "eyJraWQiOiI2YmZhMWMzYy02N2JjLTQ2N2YtYjdlYy01ODc4M2YwYjc3MWMiLCJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJzYWx0IjoiMzUxYjhmYmQtZDhjMy00NGI3LWEyMjUtNGJmMmJiYjczM2I1IiwidXNlcl9pZCI6InVzZXItZGMxMWE2NzUtMDM0ZS00YzVlLWE5ZTMtYWZjNjk1NTlkYWQ0IiwiaXNzIjoiSUFNUE9SVCIsImV4cCI6MTc2NTY4OTI1MSwiaWF0IjoxNzY1NjAyODUxfQ.sig";
    assert_eq!(
        jwt_expiry(seed),
        Some(UNIX_EPOCH + Duration::from_secs(1_765_689_251))
    );
    // PortOne V1: the server says now = 1512446940 and expired_at 30 minutes later; the local
    // expiry is 30 minutes from the local now, whatever the server's clock says.
    let tokens = Tokens::from_server_clock("t".into(), 1_512_446_940, 1_512_448_740);
    let left = tokens.expires_at.duration_since(SystemTime::now()).unwrap();
    assert!(left > Duration::from_secs(29 * 60) && left <= Duration::from_secs(30 * 60));
}
