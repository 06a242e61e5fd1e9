//! Behaviour of the generated `portone_v2` module (PortOne V2 API-secret login and token refresh,
//! seed 001): the requests it builds, how it reads documented and undocumented responses, the
//! `type`-tagged error unions, and that secrets and tokens stay out of `Debug` output.

use partner_apis::portone_v2::models::{
    InvalidRequestError, LoginViaApiSecretBody, LoginViaApiSecretError, LoginViaApiSecretResponse,
    RefreshTokenBody, RefreshTokenError, RefreshTokenResponse, UnauthorizedError,
};
use partner_apis::portone_v2::operations::{LoginViaApiSecret, RefreshToken};
use partner_apis::runtime::{Operation, SecretString};
use serde_json::json;

use oapigen_tests::{
    assert_hides, assert_invalid_body, assert_json_request, assert_undocumented_status,
    expect_api_error, json_response, response,
};

/// The API secret of the request example in seed 001.
const API_SECRET: &str =
    "9NnYOXc65TE8jg0dGXSqDaopcJ3K6d26s3IR9ehnbklTbsH6boUQG14MPP5FEiK7Bj0qbvD72k6t8qHv";

/// The access token of the real 200 example in seed 001.
const ACCESS_JWT: &str = "eyJraWQiOiI2YmZhMWMzYy02N2JjLTQ2N2YtYjdlYy01ODc4M2YwYjc3MWMiLCJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJ1c2VyX2lkIjoidXNlci1kYzExYTY3NS0wMzRlLTRjNWUtYTllMy1hZmM2OTU1OWRhZDQiLCJpc3MiOiJJQU1QT1JUIiwiZXhwIjoxNzY1NjA0NjUxLCJjdXN0b21fcGF5bG9hZCI6eyJtZXJjaGFudF9pZCI6Im1lcmNoYW50LWE0MWU1YTg2LTBiMDgtNDRmZS05MWU1LWQwMzVhMzViNmRiNyIsInN0b3JlX2lkIjoic3RvcmUtN2Q1ZGNhOGItMzBjMi00NGIzLTgxODktMzgwMGI0ZWFlOTE5In0sIm1lcmNoYW50X3NlcnZpY2UiOnsiaW5jbHVkZV9wZXJtaXNzaW9ucyI6dHJ1ZSwibWVyY2hhbnRfaWQiOiJtZXJjaGFudC1hNDFlNWE4Ni0wYjA4LTQ0ZmUtOTFlNS1kMDM1YTM1YjZkYjciLCJzdG9yZV9pZCI6InN0b3JlLTdkNWRjYThiLTMwYzItNDRiMy04MTg5LTM4MDBiNGVhZTkxOSIsImJlbG9uZ190byI6Ik1FUkNIQU5UIiwicGVybWlzc2lvbnMiOlsiVFhfUkVBRCIsIlRYX1VQREFURSIsIlJFQ09OX1JFQUQiLCJSRUNPTl9VUERBVEUiLCJQTEFURk9STV9TRVRUTEVNRU5UX1BPTElDWV9SRUFEIiwiUExBVEZPUk1fU0VUVExFTUVOVF9QT0xJQ1lfV1JJVEUiLCJQTEFURk9STV9QQVJUTkVSX1JFQUQiLCJQTEFURk9STV9QQVJUTkVSX1dSSVRFIiwiUExBVEZPUk1fVFJBTlNGRVJfUkVBRCIsIlBMQVRGT1JNX1RSQU5TRkVSX1dSSVRFIiwiUExBVEZPUk1fUEFSVE5FUl9TRVRUTEVNRU5UX1JFQUQiLCJQTEFURk9STV9QQVJUTkVSX1NFVFRMRU1FTlRfV1JJVEUiLCJQTEFURk9STV9QQVlPVVRfUkVBRCIsIlBMQVRGT1JNX0JVTEtfUEFZT1VUX1JFQUQiLCJQTEFURk9STV9FWENFTF9ET1dOTE9BRCJdLCJ3aGl0ZWxpc3QiOltdfSwiaWF0IjoxNzY1NjAyODUxfQ.3bs-QMNe8lLE1o_UCFwlcwY9qgP5vjbKRXO7Y8zzwElR9fEIgce0kL2dzXqyJz692MsUHezi68jEfWpDaRMXMA";

/// The refresh token of the real 200 example in seed 001.
const REFRESH_JWT: &str = "eyJraWQiOiI2YmZhMWMzYy02N2JjLTQ2N2YtYjdlYy01ODc4M2YwYjc3MWMiLCJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJzYWx0IjoiMzUxYjhmYmQtZDhjMy00NGI3LWEyMjUtNGJmMmJiYjczM2I1IiwidXNlcl9pZCI6InVzZXItZGMxMWE2NzUtMDM0ZS00YzVlLWE5ZTMtYWZjNjk1NTlkYWQ0IiwiaXNzIjoiSUFNUE9SVCIsImV4cCI6MTc2NTY4OTI1MSwiaWF0IjoxNzY1NjAyODUxfQ.L8y0iC1ZwSliekZGb_sp_B19f3NXdQJYnIkp_hwsyyituFuKfGsmX0bBwiAc1Rm8a-gTHH89OncPub4KvRBDnA";

fn login(secret: &str) -> LoginViaApiSecret {
    LoginViaApiSecret::new(LoginViaApiSecretBody {
        api_secret: secret.into(),
    })
}

fn refresh(token: &str) -> RefreshToken {
    RefreshToken::new(RefreshTokenBody {
        refresh_token: token.into(),
    })
}

#[test]
fn seed_tokens_are_the_spec_example() {
    let spec = std::fs::read_to_string(
        oapigen_tests::workspace_root().join("specs/portone-v2/openapi.yaml"),
    )
    .expect("the PortOne V2 spec is readable");
    assert!(spec.contains(&format!("accessToken: {ACCESS_JWT}\n")));
    assert!(spec.contains(&format!("refreshToken: {REFRESH_JWT}\n")));
    assert!(spec.contains(&format!("apiSecret: {API_SECRET}\n")));
}

#[test]
fn login_request_posts_the_secret_as_json() {
    let request = login(API_SECRET).build().expect("the login request builds");
    assert_json_request(
        &request,
        http::Method::POST,
        "https://api.portone.io/login/api-secret",
        "application/json",
        &json!({ "apiSecret": API_SECRET }),
    );
    assert!(request.headers().get(http::header::AUTHORIZATION).is_none());
}

#[test]
fn refresh_request_posts_the_refresh_token_as_json() {
    let request = refresh(REFRESH_JWT)
        .build()
        .expect("the refresh request builds");
    assert_json_request(
        &request,
        http::Method::POST,
        "https://api.portone.io/token/refresh",
        "application/json",
        &json!({ "refreshToken": REFRESH_JWT }),
    );
}

#[test]
fn build_with_base_url_uses_the_given_base() {
    let request = login("s")
        .build_with_base_url("http://127.0.0.1:8080/")
        .expect("builds against a local base URL");
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:8080/login/api-secret"
    );

    let request = refresh("r")
        .build_with_base_url("http://127.0.0.1:8080")
        .expect("builds against a base URL without a trailing slash");
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:8080/token/refresh"
    );

    let request = login("s")
        .build_with_base_url("http://localhost:9000/mock/portone/")
        .expect("builds against a base URL with a path prefix");
    assert_eq!(
        request.uri().to_string(),
        "http://localhost:9000/mock/portone/login/api-secret"
    );
}

#[test]
fn login_success_example_from_seed_parses() {
    let response = json_response(
        200,
        &json!({ "accessToken": ACCESS_JWT, "refreshToken": REFRESH_JWT }),
    );
    let tokens: LoginViaApiSecretResponse =
        LoginViaApiSecret::parse_response(response).expect("the seed's 200 example parses");
    assert_eq!(tokens.access_token.expose(), ACCESS_JWT);
    assert_eq!(tokens.refresh_token.expose(), REFRESH_JWT);
}

#[test]
fn refresh_success_example_parses() {
    let response = json_response(
        200,
        &json!({ "accessToken": "new-access-token", "refreshToken": "new-refresh-token" }),
    );
    let tokens: RefreshTokenResponse =
        RefreshToken::parse_response(response).expect("the spec's 200 example parses");
    assert_eq!(tokens.access_token.expose(), "new-access-token");
    assert_eq!(tokens.refresh_token.expose(), "new-refresh-token");
}

#[test]
fn login_401_is_the_unauthorized_variant() {
    let response = json_response(
        401,
        &json!({ "type": "UNAUTHORIZED", "message": "올바르지 않은 API secret입니다." }),
    );
    let (status, body) = expect_api_error(LoginViaApiSecret::parse_response(response));
    assert_eq!(status, 401);
    assert_eq!(
        body,
        LoginViaApiSecretError::Unauthorized(UnauthorizedError {
            r#type: "UNAUTHORIZED".into(),
            message: Some("올바르지 않은 API secret입니다.".into()),
        })
    );
}

#[test]
fn login_400_is_the_invalid_request_variant() {
    let response = json_response(400, &json!({ "type": "INVALID_REQUEST" }));
    let (status, body) = expect_api_error(LoginViaApiSecret::parse_response(response));
    assert_eq!(status, 400);
    assert_eq!(
        body,
        LoginViaApiSecretError::InvalidRequest(InvalidRequestError {
            r#type: "INVALID_REQUEST".into(),
            message: None,
        })
    );
}

#[test]
fn refresh_errors_are_the_refresh_union() {
    let response = json_response(
        401,
        &json!({ "type": "UNAUTHORIZED", "message": "만료된 리프레시 토큰입니다." }),
    );
    let (status, body) = expect_api_error(RefreshToken::parse_response(response));
    assert_eq!(status, 401);
    assert_eq!(
        body,
        RefreshTokenError::Unauthorized(UnauthorizedError {
            r#type: "UNAUTHORIZED".into(),
            message: Some("만료된 리프레시 토큰입니다.".into()),
        })
    );

    let response = json_response(
        400,
        &json!({ "type": "INVALID_REQUEST", "message": "refreshToken is required" }),
    );
    let (status, body) = expect_api_error(RefreshToken::parse_response(response));
    assert_eq!(status, 400);
    assert_eq!(
        body,
        RefreshTokenError::InvalidRequest(InvalidRequestError {
            r#type: "INVALID_REQUEST".into(),
            message: Some("refreshToken is required".into()),
        })
    );
}

#[test]
fn unknown_error_type_is_unexpected_with_the_body_kept() {
    let body = r#"{"type":"FORBIDDEN","message":"token tok_live_5f3a9 is revoked"}"#;
    let unexpected = assert_invalid_body(
        LoginViaApiSecret::parse_response(response(401, body)),
        401,
        body,
    );
    assert_eq!(unexpected.body_text(), body);

    assert_invalid_body(RefreshToken::parse_response(response(401, body)), 401, body);
}

#[test]
fn error_body_without_a_tag_is_unexpected() {
    let body = r#"{"message":"no tag here"}"#;
    assert_invalid_body(
        LoginViaApiSecret::parse_response(response(400, body)),
        400,
        body,
    );
}

#[test]
fn undocumented_status_is_unexpected_with_the_body_kept() {
    let body = r#"{"accessToken":"tok_live_5f3a9","detail":"upstream unavailable"}"#;
    assert_undocumented_status(
        LoginViaApiSecret::parse_response(response(503, body)),
        503,
        body,
    );

    let unexpected =
        assert_undocumented_status(RefreshToken::parse_response(response(404, "")), 404, "");
    assert!(unexpected.body().is_empty());
}

#[test]
fn non_json_success_body_is_unexpected() {
    let body = "<html><body>502 Bad Gateway tok_live_5f3a9</body></html>";
    let result = LoginViaApiSecret::parse_response(response(200, body));
    assert_invalid_body(result, 200, body);
}

#[test]
fn success_body_missing_a_token_is_unexpected() {
    let body = json!({ "accessToken": ACCESS_JWT }).to_string();
    assert_invalid_body(
        LoginViaApiSecret::parse_response(response(200, body.as_str())),
        200,
        &body,
    );
}

#[test]
fn unexpected_response_debug_and_display_leave_the_body_out() {
    let cases = [
        (
            401,
            r#"{"type":"FORBIDDEN","message":"token tok_live_5f3a9 is revoked"}"#,
        ),
        (503, r#"{"accessToken":"tok_live_5f3a9"}"#),
        (200, "<html>tok_live_5f3a9</html>"),
    ];
    for (status, body) in cases {
        let result = LoginViaApiSecret::parse_response(response(status, body));
        let error = result.expect_err("each case is an error");
        let debug = format!("{error:?}");
        let display = error.to_string();
        for shown in [&debug, &display] {
            assert_hides(shown, &[body, "tok_live_5f3a9"]);
        }
        assert!(
            debug.contains(&format!("body_len: {}", body.len())),
            "{debug}"
        );
        assert_eq!(error.status(), status);
    }
}

#[test]
fn union_serialises_with_the_tag_once_and_round_trips() {
    let error = LoginViaApiSecretError::Unauthorized(UnauthorizedError {
        r#type: "UNAUTHORIZED".into(),
        message: Some("bad secret".into()),
    });
    let value = serde_json::to_value(&error).unwrap();
    assert_eq!(
        value,
        json!({ "type": "UNAUTHORIZED", "message": "bad secret" })
    );
    let text = serde_json::to_string(&error).unwrap();
    assert_eq!(text.matches("\"type\"").count(), 1, "{text}");
    let back: LoginViaApiSecretError = serde_json::from_str(&text).unwrap();
    assert_eq!(back, error);

    let error = RefreshTokenError::InvalidRequest(InvalidRequestError {
        r#type: "INVALID_REQUEST".into(),
        message: None,
    });
    let text = serde_json::to_string(&error).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        json!({ "type": "INVALID_REQUEST" })
    );
    assert_eq!(text.matches("\"type\"").count(), 1, "{text}");
    let back: RefreshTokenError = serde_json::from_str(&text).unwrap();
    assert_eq!(back, error);
}

#[test]
fn union_serialisation_writes_the_variant_tag() {
    // The variant decides the tag on the wire, whatever its own `type` field holds.
    let error = LoginViaApiSecretError::InvalidRequest(InvalidRequestError {
        r#type: String::new(),
        message: Some("x".into()),
    });
    let value = serde_json::to_value(&error).unwrap();
    assert_eq!(value, json!({ "type": "INVALID_REQUEST", "message": "x" }));
}

#[test]
fn union_deserialisation_rejects_unknown_and_missing_tags() {
    assert!(
        serde_json::from_value::<LoginViaApiSecretError>(json!({ "type": "FORBIDDEN" })).is_err()
    );
    assert!(serde_json::from_value::<LoginViaApiSecretError>(json!({ "message": "m" })).is_err());
    assert!(serde_json::from_value::<RefreshTokenError>(json!({ "type": 401 })).is_err());
}

#[test]
fn debug_output_hides_secrets_and_tokens() {
    let body = LoginViaApiSecretBody {
        api_secret: API_SECRET.into(),
    };
    let debug = format!("{body:?}");
    assert_hides(&debug, &[API_SECRET]);
    assert!(debug.contains("***"), "{debug}");

    let builder = login(API_SECRET);
    assert_hides(&format!("{builder:?}"), &[API_SECRET]);

    let tokens = LoginViaApiSecretResponse {
        access_token: SecretString::new(ACCESS_JWT),
        refresh_token: SecretString::new(REFRESH_JWT),
    };
    assert_hides(&format!("{tokens:?}"), &[ACCESS_JWT, REFRESH_JWT]);

    let tokens = RefreshTokenResponse {
        access_token: "new-access-token".into(),
        refresh_token: "new-refresh-token".into(),
    };
    assert_hides(
        &format!("{tokens:?}"),
        &["new-access-token", "new-refresh-token"],
    );

    let refresh_body = RefreshTokenBody {
        refresh_token: REFRESH_JWT.into(),
    };
    assert_hides(&format!("{refresh_body:?}"), &[REFRESH_JWT]);
    assert_hides(&format!("{:?}", refresh(REFRESH_JWT)), &[REFRESH_JWT]);

    // The secret travels in the body only: the headers carry nothing of it.
    let request = login(API_SECRET).build().unwrap();
    assert_hides(&format!("{:?}", request.headers()), &[API_SECRET]);
    let request = refresh(REFRESH_JWT).build().unwrap();
    assert_hides(&format!("{:?}", request.headers()), &[REFRESH_JWT]);
}
