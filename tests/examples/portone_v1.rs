//! PortOne V1 with the generated client: the client gets a token with `getToken` on the first
//! call, then looks a payment up with `Authorization: Bearer <token>`.
//!
//! Run it against the local stand-in server (started here):
//!
//! ```text
//! cargo run -p oapigen-tests --example portone_v1
//! ```
//!
//! or against another server: `... --example portone_v1 -- BASE_URL IMP_KEY IMP_SECRET IMP_UID`.

use std::error::Error;

use oapigen_tests::partners::{Partner, PartnerServer, V1_IMP_KEY, V1_IMP_SECRET};
use partner_apis::portone_v1::client::Client;
use partner_apis::portone_v1::models::GetTokenRequest;
use partner_apis::portone_v1::operations::GetPaymentByImpUid;
use partner_apis::runtime;

/// Looks `imp_uid` up and describes the payment in a line.
pub async fn run(
    base_url: &str,
    imp_key: &str,
    imp_secret: &str,
    imp_uid: &str,
) -> Result<String, Box<dyn Error>> {
    let http = runtime::Client::new()?.base_url(base_url);
    let client = Client::with_client(
        http,
        GetTokenRequest {
            imp_key: imp_key.to_owned(),
            imp_secret: imp_secret.into(),
        },
    );
    // The client logs in here, and keeps the token for later calls.
    let answer = client
        .get_payment_by_imp_uid(GetPaymentByImpUid::new(imp_uid))
        .await?;
    // V1 wraps every answer in `{code, message, response}`.
    let payment = answer.into_result()?;
    Ok(format!(
        "{} ({}): {} {} {}",
        payment.imp_uid, payment.merchant_uid, payment.status, payment.amount, payment.currency
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let line = match args.as_slice() {
        [base_url, key, secret, imp_uid] => run(base_url, key, secret, imp_uid).await?,
        _ => {
            let server = PartnerServer::start()?;
            let base_url = server.base_url(Partner::V1);
            println!("local PortOne V1 stand-in at {base_url}");
            run(&base_url, V1_IMP_KEY, V1_IMP_SECRET, "imp_448280090638").await?
        }
    };
    println!("{line}");
    Ok(())
}
