//! Archisketch with the generated client: `ssoLogin` answers HTTP 200 whatever happens, with
//! an envelope that says SUCCESS or FAIL; the client unwraps it, keeps the tokens, and turns a
//! FAIL into `AuthError::LoginRefused` with Archisketch's error code.
//!
//! Archisketch's published spec has no operation that takes the token yet; when it has, its
//! method attaches the token, and until then `Client::send_authorized` does for any operation.
//!
//! Run it against the local stand-in server (started here):
//!
//! ```text
//! cargo run -p oapigen-tests --example archisketch
//! ```
//!
//! or against another server: `... --example archisketch -- BASE_URL ACCESS_KEY VERIFY_TOKEN`.

use std::error::Error;

use oapigen_tests::partners::{
    ARCHISKETCH_ACCESS_KEY, ARCHISKETCH_VERIFY_TOKEN, Partner, PartnerServer,
};
use partner_apis::archisketch::client::{AuthError, Client};
use partner_apis::archisketch::models::LoginRequest;
use partner_apis::runtime::{self, EnvelopeError};

fn client(base_url: &str, access_key: &str, verify_token: &str) -> Result<Client, Box<dyn Error>> {
    let http = runtime::Client::new()?.base_url(base_url);
    Ok(Client::with_client(
        http,
        LoginRequest {
            access_key: Some(access_key.into()),
            verify_token: Some(verify_token.into()),
        },
    ))
}

/// Logs in, then tries credentials that do not work; describes both in a line each.
pub async fn run(
    base_url: &str,
    access_key: &str,
    verify_token: &str,
) -> Result<Vec<String>, Box<dyn Error>> {
    let mut lines = Vec::new();
    let token = client(base_url, access_key, verify_token)?
        .access_token()
        .await?;
    lines.push(format!(
        "logged in: a token of {} bytes",
        token.expose().len()
    ));
    match client(base_url, access_key, "not-the-token")?
        .access_token()
        .await
    {
        Err(AuthError::LoginRefused(EnvelopeError::Failed { status, error })) => {
            lines.push(format!(
                "refused as expected: {status}, {}",
                error
                    .and_then(|e| e.error_code)
                    .map(|c| c.to_string())
                    .unwrap_or_default()
            ))
        }
        other => return Err(format!("expected a refused login, got {other:?}").into()),
    }
    Ok(lines)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines = match args.as_slice() {
        [base_url, key, token] => run(base_url, key, token).await?,
        _ => {
            let server = PartnerServer::start()?;
            let base_url = server.base_url(Partner::Archisketch);
            println!("local Archisketch stand-in at {base_url}");
            run(&base_url, ARCHISKETCH_ACCESS_KEY, ARCHISKETCH_VERIFY_TOKEN).await?
        }
    };
    for line in lines {
        println!("{line}");
    }
    Ok(())
}
