//! Behaviour of the generated `portone_v2_legacy` module (PortOne V2 beta authentication, seed
//! 000, deprecated docs): the sign-in and token-regeneration requests with their snake_case
//! bodies, the `{code, params: {message}}` errors of 401 and 500, that the operations carry
//! `#[deprecated]` (and the other modules' operations do not), and that keys and tokens stay out
//! of `Debug` output.

use partner_apis::portone_v2_legacy::models::{
    ErrorParams, ErrorResponse, SignInWithApiKeyRequest, TokenRegenerationRequest, TokenResponse,
};
use partner_apis::runtime::{Operation, UnexpectedReason};
use serde_json::json;

use oapigen_tests::{
    assert_hides, assert_invalid_body, assert_json_request, assert_undocumented_status,
    expect_api_error, expect_unexpected, json_response, response,
};

const API_KEY: &str = "pk_legacy_c1d2e3f4a5b6";
const ACCESS_TOKEN: &str = "legacy-access-eyJhbGciOiJIUzI1NiJ9.e30.xyz";
const REFRESH_TOKEN: &str = "legacy-refresh-eyJhbGciOiJIUzI1NiJ9.e30.uvw";

/// The `pub struct` items of a generated operations file, each with whether it is
/// `#[deprecated]`.
fn pub_structs(module: &str) -> Vec<(String, bool)> {
    let path = oapigen_tests::workspace_root()
        .join("generated/src")
        .join(module)
        .join("operations.rs");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file =
        syn::parse_file(&source).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) if matches!(item.vis, syn::Visibility::Public(_)) => Some((
                item.ident.to_string(),
                item.attrs.iter().any(|a| a.path().is_ident("deprecated")),
            )),
            _ => None,
        })
        .collect()
}

#[test]
#[allow(deprecated)]
fn sign_in_request_posts_the_api_key() {
    use partner_apis::portone_v2_legacy::operations::SignInWithApiKey;
    let request = SignInWithApiKey::new(SignInWithApiKeyRequest {
        api_key: API_KEY.into(),
    })
    .build()
    .expect("the sign-in request builds");
    assert_json_request(
        &request,
        http::Method::POST,
        "https://api.portone.io/v2/signin/api-key",
        "application/json",
        &json!({ "api_key": API_KEY }),
    );
}

#[test]
#[allow(deprecated)]
fn regenerate_request_posts_the_refresh_token() {
    use partner_apis::portone_v2_legacy::operations::RegenerateToken;
    let request = RegenerateToken::new(TokenRegenerationRequest {
        refresh_token: REFRESH_TOKEN.into(),
    })
    .build()
    .expect("the regeneration request builds");
    assert_json_request(
        &request,
        http::Method::POST,
        "https://api.portone.io/v2/token-regeneration",
        "application/json",
        &json!({ "refresh_token": REFRESH_TOKEN }),
    );
}

#[test]
#[allow(deprecated)]
fn token_response_parses_for_both_operations() {
    use partner_apis::portone_v2_legacy::operations::{RegenerateToken, SignInWithApiKey};
    let body = json!({ "access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN });

    let tokens: TokenResponse = SignInWithApiKey::parse_response(json_response(200, &body))
        .expect("the sign-in 200 parses");
    assert_eq!(tokens.access_token.expose(), ACCESS_TOKEN);
    assert_eq!(tokens.refresh_token.expose(), REFRESH_TOKEN);

    let tokens: TokenResponse = RegenerateToken::parse_response(json_response(200, &body))
        .expect("the regeneration 200 parses");
    assert_eq!(tokens.access_token.expose(), ACCESS_TOKEN);
    assert_eq!(tokens.refresh_token.expose(), REFRESH_TOKEN);

    // camelCase is the current API's spelling, not this one's.
    let camel = json!({ "accessToken": ACCESS_TOKEN, "refreshToken": REFRESH_TOKEN });
    let unexpected =
        expect_unexpected(SignInWithApiKey::parse_response(json_response(200, &camel)));
    assert!(
        matches!(unexpected.reason, UnexpectedReason::InvalidBody(_)),
        "reason: {:?}",
        unexpected.reason
    );
}

#[test]
#[allow(deprecated)]
fn documented_errors_are_api_errors() {
    use partner_apis::portone_v2_legacy::operations::{RegenerateToken, SignInWithApiKey};
    let unauthorized =
        json!({ "code": "UNAUTHORIZED", "params": { "message": "유효하지 않은 API Key입니다." } });
    let (status, body) = expect_api_error(SignInWithApiKey::parse_response(json_response(
        401,
        &unauthorized,
    )));
    assert_eq!(status, 401);
    assert_eq!(
        body,
        ErrorResponse {
            code: "UNAUTHORIZED".into(),
            params: ErrorParams {
                message: Some("유효하지 않은 API Key입니다.".into())
            },
        }
    );

    let server = json!({ "code": "INTERNAL_SERVER_ERROR", "params": { "message": "잠시 후 다시 시도해주세요." } });
    let (status, body) = expect_api_error(SignInWithApiKey::parse_response(json_response(
        500, &server,
    )));
    assert_eq!(status, 500);
    assert_eq!(body.code, "INTERNAL_SERVER_ERROR");
    assert_eq!(
        body.params.message.as_deref(),
        Some("잠시 후 다시 시도해주세요.")
    );

    let invalid = json!({ "code": "INVALID_REFRESH_TOKEN", "params": { "message": "유효하지 않은 refresh token입니다." } });
    let (status, body) = expect_api_error(RegenerateToken::parse_response(json_response(
        401, &invalid,
    )));
    assert_eq!(status, 401);
    assert_eq!(body.code, "INVALID_REFRESH_TOKEN");
    assert_eq!(
        body.params.message.as_deref(),
        Some("유효하지 않은 refresh token입니다.")
    );

    let (status, body) =
        expect_api_error(RegenerateToken::parse_response(json_response(500, &server)));
    assert_eq!(status, 500);
    assert_eq!(body.code, "INTERNAL_SERVER_ERROR");

    // `params` may come without a message.
    let (_, body) = expect_api_error(RegenerateToken::parse_response(json_response(
        401,
        &json!({ "code": "UNAUTHORIZED", "params": {} }),
    )));
    assert_eq!(body.params.message, None);
}

#[test]
#[allow(deprecated)]
fn undocumented_or_malformed_responses_are_unexpected() {
    use partner_apis::portone_v2_legacy::operations::SignInWithApiKey;
    let body = r#"{"code":"BAD_REQUEST","params":{"message":"x"}}"#;
    assert_undocumented_status(
        SignInWithApiKey::parse_response(response(400, body)),
        400,
        body,
    );

    // An error body missing the required `params`.
    let body = r#"{"code":"UNAUTHORIZED"}"#;
    assert_invalid_body(
        SignInWithApiKey::parse_response(response(401, body)),
        401,
        body,
    );
}

#[test]
fn legacy_operations_are_deprecated() {
    let structs = pub_structs("portone_v2_legacy");
    let names: Vec<&str> = structs.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["SignInWithApiKey", "RegenerateToken"]);
    for (name, deprecated) in &structs {
        assert!(deprecated, "`{name}` lacks #[deprecated]");
    }
}

#[test]
fn other_modules_operations_are_not_deprecated() {
    for module in ["portone_v2", "portone_v1", "archisketch"] {
        let structs = pub_structs(module);
        assert!(!structs.is_empty(), "{module} has no builder structs");
        for (name, deprecated) in &structs {
            assert!(
                !deprecated,
                "`{module}::operations::{name}` is #[deprecated]"
            );
        }
    }
    let v2: Vec<String> = pub_structs("portone_v2")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(v2, ["LoginViaApiSecret", "RefreshToken"]);
}

#[test]
#[allow(deprecated)]
fn debug_output_hides_the_key_and_tokens() {
    use partner_apis::portone_v2_legacy::operations::{RegenerateToken, SignInWithApiKey};
    let request = SignInWithApiKeyRequest {
        api_key: API_KEY.into(),
    };
    assert_hides(&format!("{request:?}"), &[API_KEY]);
    assert_hides(&format!("{:?}", SignInWithApiKey::new(request)), &[API_KEY]);

    let request = TokenRegenerationRequest {
        refresh_token: REFRESH_TOKEN.into(),
    };
    assert_hides(&format!("{request:?}"), &[REFRESH_TOKEN]);
    assert_hides(
        &format!("{:?}", RegenerateToken::new(request)),
        &[REFRESH_TOKEN],
    );

    let tokens = TokenResponse {
        access_token: ACCESS_TOKEN.into(),
        refresh_token: REFRESH_TOKEN.into(),
    };
    assert_hides(&format!("{tokens:?}"), &[ACCESS_TOKEN, REFRESH_TOKEN]);

    let request = SignInWithApiKey::new(SignInWithApiKeyRequest {
        api_key: API_KEY.into(),
    })
    .build()
    .unwrap();
    assert_hides(&format!("{:?}", request.headers()), &[API_KEY]);
}
