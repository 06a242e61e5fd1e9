//! PortOne V2 with the generated client: the client logs in with the API secret on the first
//! call, keeps the access token, refreshes it when it is about to expire, and logs in again
//! when PortOne refuses the refresh token.
//!
//! Our V2 spec holds what the seeds document, which is the two token operations, so the call
//! that needs the token is one the spec does not list: [`GetPayment`] below implements
//! `runtime::Operation` by hand and goes through `Client::send_authorized`, which attaches
//! the token and renews it once on a 401, as the generated methods do.
//!
//! Run it against the local stand-in server (started here):
//!
//! ```text
//! cargo run -p oapigen-tests --example portone_v2
//! ```
//!
//! or against another server: `... --example portone_v2 -- BASE_URL API_SECRET PAYMENT_ID`.

use std::error::Error;

use oapigen_tests::partners::{Partner, PartnerServer, V2_API_SECRET};
use partner_apis::portone_v2::client::Client;
use partner_apis::portone_v2::models::LoginViaApiSecretBody;
use partner_apis::runtime::{self, Operation};

/// `GET /payments/{paymentId}`: one payment, as JSON.
#[derive(Debug, Clone)]
pub struct GetPayment {
    payment_id: String,
    credentials: Vec<runtime::Credential>,
}

impl GetPayment {
    /// The lookup of one payment.
    pub fn new(payment_id: impl Into<String>) -> Self {
        Self {
            payment_id: payment_id.into(),
            credentials: Vec::new(),
        }
    }

    /// Sends `token` as `Authorization: Bearer <token>`.
    pub fn bearer_auth(mut self, token: runtime::SecretString) -> Self {
        self.credentials = vec![runtime::Credential {
            name: "Authorization",
            scheme: runtime::AuthScheme::Bearer,
            value: token,
        }];
        self
    }
}

impl Operation for GetPayment {
    type Output = serde_json::Value;
    type Error = serde_json::Value;
    const DEFAULT_BASE_URL: &'static str = "https://api.portone.io";

    fn build_with_base_url(self, base_url: &str) -> runtime::BuildResult {
        runtime::RequestBuilder::new(http::Method::GET, base_url)
            .path("/payments/")
            .path_param("paymentId", &self.payment_id)?
            .auth(&self.credentials)?
            .finish()
    }

    fn parse_response<B: AsRef<[u8]>>(response: http::Response<B>) -> runtime::ParseResult<Self> {
        let response = runtime::RawResponse::new(response);
        match response.status() {
            200 => response.json(std::convert::identity),
            400..=499 => response.json_error(std::convert::identity),
            _ => response.undocumented(),
        }
    }
}

/// Looks `payment_id` up and gives the payment's JSON.
pub async fn run(
    base_url: &str,
    api_secret: &str,
    payment_id: &str,
) -> Result<serde_json::Value, Box<dyn Error>> {
    let http = runtime::Client::new()?.base_url(base_url);
    let client = Client::with_client(
        http,
        LoginViaApiSecretBody {
            api_secret: api_secret.into(),
        },
    );
    let payment = client
        .send_authorized(GetPayment::new(payment_id), GetPayment::bearer_auth)
        .await?;
    Ok(payment)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let payment = match args.as_slice() {
        [base_url, secret, payment_id] => run(base_url, secret, payment_id).await?,
        _ => {
            let server = PartnerServer::start()?;
            let base_url = server.base_url(Partner::V2);
            println!("local PortOne V2 stand-in at {base_url}");
            run(&base_url, V2_API_SECRET, "payment-0001").await?
        }
    };
    println!("{payment}");
    Ok(())
}
