//! Behaviour of the generated `archisketch` module (Archisketch Open API SSO login, seed 004): the
//! login request, the always-200 `{result, data, error}` envelope and its `into_result`, enums
//! that keep values the spec does not list, and that credentials and tokens stay out of `Debug`.

use partner_apis::archisketch::models::{
    ApiResponseOAuthResponse, ApiResponseOAuthResponseResult, ErrorMessage, ErrorMessageErrorCode,
    LoginRequest, OAuthResponse, OAuthTokenResponse, OAuthUserResponseRole,
};
use partner_apis::archisketch::operations::SsoLogin;
use partner_apis::runtime::{EnvelopeError, Operation};
use serde_json::json;

use oapigen_tests::{
    assert_hides, assert_invalid_body, assert_json_request, assert_undocumented_status,
    json_response, request_json, response,
};

const ACCESS_KEY: &str = "ak_live_7Q2mZ9xK4pR1";
const VERIFY_TOKEN: &str = "vt_partner_3f8e1c0b9a";
const ACCESS: &str = "as_access_eyJhbGciOiJIUzI1NiJ9.e30.aaaa";
const REFRESH: &str = "as_refresh_eyJhbGciOiJIUzI1NiJ9.e30.bbbb";

/// Parses a 200 envelope (Archisketch answers 200 to success and failure alike); panics when the
/// response itself is not the documented one.
fn parse_envelope(body: serde_json::Value) -> ApiResponseOAuthResponse {
    SsoLogin::parse_response(json_response(200, &body)).expect("a documented 200 envelope")
}

fn success_body() -> serde_json::Value {
    json!({
        "result": "SUCCESS",
        "data": {
            "user": {
                "id": "6630b5f2c1a4e83d9a0f1b2c",
                "origin": "partner",
                "uid": "partner-user-42",
                "name": "김디자이너",
                "imageUrl": "https://cdn.archisketch.com/profile/42.png",
                "email": "designer@example.com",
                "role": "DESIGNER",
                "categoryId": "cat-01",
                "createdAt": "2024-05-01T12:34:56+09:00",
                "updatedAt": "2024-06-02T08:00:00.123Z"
            },
            "token": { "access": ACCESS, "refresh": REFRESH }
        }
    })
}

#[test]
fn login_request_posts_the_credentials_as_json() {
    let request = SsoLogin::new(LoginRequest {
        access_key: Some(ACCESS_KEY.into()),
        verify_token: Some(VERIFY_TOKEN.into()),
    })
    .build()
    .expect("the login request builds");
    assert_json_request(
        &request,
        http::Method::POST,
        "https://openapi.archisketch.com/api/v1/oauth/login",
        "application/json",
        &json!({ "accessKey": ACCESS_KEY, "verifyToken": VERIFY_TOKEN }),
    );
}

#[test]
fn login_request_leaves_out_unset_fields() {
    let request = SsoLogin::new(LoginRequest {
        access_key: Some(ACCESS_KEY.into()),
        ..LoginRequest::default()
    })
    .build()
    .unwrap();
    assert_eq!(request_json(&request), json!({ "accessKey": ACCESS_KEY }));
}

#[test]
fn login_request_honours_the_base_url() {
    let request = SsoLogin::new(LoginRequest::default())
        .build_with_base_url("http://127.0.0.1:8080/")
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:8080/api/v1/oauth/login"
    );
}

#[test]
fn success_envelope_gives_the_user_and_tokens() {
    let envelope = parse_envelope(success_body());
    assert_eq!(envelope.result, ApiResponseOAuthResponseResult::Success);
    let OAuthResponse { user, token } = envelope.into_result().expect("a SUCCESS envelope");

    assert_eq!(user.id, "6630b5f2c1a4e83d9a0f1b2c");
    assert_eq!(user.origin, "partner");
    assert_eq!(user.uid, "partner-user-42");
    assert_eq!(user.name.as_deref(), Some("김디자이너"));
    assert_eq!(
        user.image_url.as_deref(),
        Some("https://cdn.archisketch.com/profile/42.png")
    );
    assert_eq!(user.email, "designer@example.com");
    assert_eq!(user.role, OAuthUserResponseRole::Designer);
    assert_eq!(user.category_id.as_deref(), Some("cat-01"));

    assert_eq!(user.created_at.timestamp(), 1_714_534_496);
    assert_eq!(user.created_at.to_rfc3339(), "2024-05-01T12:34:56+09:00");
    assert_eq!(user.updated_at.timestamp(), 1_717_315_200);
    assert_eq!(user.updated_at.timestamp_subsec_millis(), 123);
    assert!(user.updated_at > user.created_at);

    assert_eq!(token.access.expose(), ACCESS);
    assert_eq!(token.refresh.expose(), REFRESH);
}

#[test]
fn success_user_with_only_required_fields_parses() {
    let envelope = parse_envelope(json!({
        "result": "SUCCESS",
        "data": {
            "user": {
                "id": "u1",
                "origin": "partner",
                "uid": "p1",
                "email": "user@example.com",
                "role": "USER",
                "createdAt": "2024-01-01T00:00:00Z",
                "updatedAt": "2024-01-01T00:00:00Z"
            },
            "token": { "access": "a", "refresh": "r" }
        },
        "error": null
    }));
    let data = envelope.into_result().unwrap();
    assert_eq!(data.user.role, OAuthUserResponseRole::User);
    assert_eq!(data.user.name, None);
    assert_eq!(data.user.image_url, None);
    assert_eq!(data.user.created_at.timestamp(), 1_704_067_200);
}

#[test]
fn invalid_timestamp_is_an_unexpected_body() {
    let mut body = success_body();
    body["data"]["user"]["createdAt"] = json!("yesterday");
    let text = body.to_string();
    let unexpected = assert_invalid_body(
        SsoLogin::parse_response(response(200, text.as_str())),
        200,
        &text,
    );
    assert_hides(&format!("{unexpected:?}"), &[ACCESS]);
}

#[test]
fn fail_envelope_gives_the_error_message() {
    let envelope = parse_envelope(json!({
        "result": "FAIL",
        "error": { "errorCode": "NOT_FOUND", "message": "등록되지 않은 accessKey입니다." }
    }));
    assert_eq!(
        envelope.into_result(),
        Err(EnvelopeError::Failed {
            status: ApiResponseOAuthResponseResult::Fail,
            error: Some(ErrorMessage {
                error_code: Some(ErrorMessageErrorCode::NotFound),
                message: Some("등록되지 않은 accessKey입니다.".into()),
            }),
        })
    );
}

#[test]
fn fail_envelope_without_error_details() {
    let envelope = parse_envelope(json!({ "result": "FAIL" }));
    assert_eq!(
        envelope.into_result(),
        Err(EnvelopeError::Failed {
            status: ApiResponseOAuthResponseResult::Fail,
            error: None,
        })
    );
}

#[test]
fn unlisted_error_code_is_kept() {
    let envelope = parse_envelope(json!({
        "result": "FAIL",
        "error": { "errorCode": "RATE_LIMITED", "message": "too many requests" }
    }));
    let Err(EnvelopeError::Failed {
        error: Some(error), ..
    }) = envelope.into_result()
    else {
        panic!("a FAIL envelope with error details");
    };
    let code = error.error_code.expect("the error code is kept");
    assert_eq!(code, ErrorMessageErrorCode::Unknown("RATE_LIMITED".into()));
    assert_eq!(code.as_str(), "RATE_LIMITED");
    assert_eq!(code.to_string(), "RATE_LIMITED");
    assert_eq!(serde_json::to_value(&code).unwrap(), json!("RATE_LIMITED"));
    assert_eq!(error.message.as_deref(), Some("too many requests"));
}

#[test]
fn listed_error_codes_round_trip() {
    for (code, wire) in [
        (ErrorMessageErrorCode::InternalError, "INTERNAL_ERROR"),
        (ErrorMessageErrorCode::BadRequest, "BAD_REQUEST"),
        (ErrorMessageErrorCode::NotFound, "NOT_FOUND"),
        (ErrorMessageErrorCode::Conflict, "CONFLICT"),
        (ErrorMessageErrorCode::Forbidden, "FORBIDDEN"),
    ] {
        assert_eq!(code.as_str(), wire);
        assert_eq!(code.to_string(), wire);
        assert_eq!(serde_json::to_value(&code).unwrap(), json!(wire));
        assert_eq!(
            serde_json::from_value::<ErrorMessageErrorCode>(json!(wire)).unwrap(),
            code
        );
    }
}

#[test]
fn success_without_data_is_missing_data() {
    let envelope = parse_envelope(json!({ "result": "SUCCESS" }));
    assert_eq!(envelope.into_result(), Err(EnvelopeError::MissingData));

    let envelope = parse_envelope(json!({ "result": "SUCCESS", "data": null }));
    assert_eq!(envelope.into_result(), Err(EnvelopeError::MissingData));
}

#[test]
fn unlisted_result_is_a_failure() {
    let envelope = parse_envelope(json!({ "result": "PENDING", "data": success_body()["data"] }));
    assert_eq!(
        envelope.result,
        ApiResponseOAuthResponseResult::Unknown("PENDING".into())
    );
    assert_eq!(envelope.result.as_str(), "PENDING");
    match envelope.into_result() {
        Err(EnvelopeError::Failed { status, error }) => {
            assert_eq!(
                status,
                ApiResponseOAuthResponseResult::Unknown("PENDING".into())
            );
            assert_eq!(error, None);
        }
        other => panic!("an unlisted result is not success: {other:?}"),
    }
}

#[test]
fn envelope_without_result_is_an_unexpected_body() {
    let body = r#"{"data":null}"#;
    assert_invalid_body(SsoLogin::parse_response(response(200, body)), 200, body);
}

#[test]
fn role_serialises_to_its_wire_string() {
    for (role, wire) in [
        (OAuthUserResponseRole::User, "USER"),
        (OAuthUserResponseRole::Designer, "DESIGNER"),
        (OAuthUserResponseRole::Manager, "MANAGER"),
        (OAuthUserResponseRole::Admin, "ADMIN"),
        (OAuthUserResponseRole::Unknown("OWNER".into()), "OWNER"),
    ] {
        assert_eq!(serde_json::to_value(&role).unwrap(), json!(wire));
        assert_eq!(role.as_str(), wire);
        assert_eq!(
            serde_json::from_value::<OAuthUserResponseRole>(json!(wire)).unwrap(),
            role
        );
    }

    let data = parse_envelope(success_body()).into_result().unwrap();
    let user = serde_json::to_value(&data.user).unwrap();
    assert_eq!(user["role"], json!("DESIGNER"));
    assert_eq!(user["imageUrl"], success_body()["data"]["user"]["imageUrl"]);
}

#[test]
fn debug_output_hides_credentials_and_tokens() {
    let request = LoginRequest {
        access_key: Some(ACCESS_KEY.into()),
        verify_token: Some(VERIFY_TOKEN.into()),
    };
    assert_hides(&format!("{request:?}"), &[ACCESS_KEY, VERIFY_TOKEN]);
    let builder = SsoLogin::new(request);
    assert_hides(&format!("{builder:?}"), &[ACCESS_KEY, VERIFY_TOKEN]);

    let token = OAuthTokenResponse {
        access: ACCESS.into(),
        refresh: REFRESH.into(),
    };
    assert_hides(&format!("{token:?}"), &[ACCESS, REFRESH]);

    let envelope = parse_envelope(success_body());
    let debug = format!("{envelope:?}");
    assert_hides(&debug, &[ACCESS, REFRESH]);
    assert!(debug.contains("designer@example.com"), "{debug}");
}

#[test]
fn outage_status_is_unexpected() {
    let body = "<html><body>500 Internal Server Error</body></html>";
    assert_undocumented_status(SsoLogin::parse_response(response(500, body)), 500, body);

    let body = r#"{"result":"FAIL","error":{"errorCode":"INTERNAL_ERROR"}}"#;
    let unexpected =
        assert_undocumented_status(SsoLogin::parse_response(response(503, body)), 503, body);
    assert_eq!(unexpected.body_text(), body);
}
