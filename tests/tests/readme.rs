//! The usage example of README.md, compiled and run, so that the README stays true.

use partner_apis::portone_v2::{models, operations::LoginViaApiSecret};
use partner_apis::prelude::*;
use partner_apis::runtime::ResponseError;

#[test]
fn the_readme_example_works() {
    let request = LoginViaApiSecret::new(models::LoginViaApiSecretBody {
        api_secret: "my-api-secret".into(),
    })
    .build()
    .expect("the request builds");
    assert_eq!(request.uri(), "https://api.portone.io/login/api-secret");

    let response = http::Response::builder()
        .status(401)
        .body(br#"{"type":"UNAUTHORIZED","message":"bad secret"}"#.to_vec())
        .expect("a response");
    let outcome = match LoginViaApiSecret::parse_response(response) {
        Ok(_) => "tokens",
        Err(ResponseError::Api {
            body: models::LoginViaApiSecretError::Unauthorized(_),
            ..
        }) => "unauthorized",
        Err(_) => "other",
    };
    assert_eq!(outcome, "unauthorized");
}
