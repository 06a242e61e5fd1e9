//! Behaviour of the generated `portone_v2_legacy` module (PortOne V2 beta authentication, seed
//! 000, deprecated docs): the sign-in and token-regeneration requests with their snake_case
//! bodies, the `{code, params: {message}}` errors of 401 and 500, that the operations carry
//! `#[deprecated]` (and the other modules' operations do not), and that keys and tokens stay out
//! of `Debug` output.

use partner_apis::portone_v2_legacy::models::{
    ErrorParams, ErrorResponse, SignInWithApiKeyRequest, TokenRegenerationRequest, TokenResponse,
};
use partner_apis::runtime::{Operation, ResponseError, UnexpectedReason};
use serde_json::json;

const API_KEY: &str = "pk_legacy_c1d2e3f4a5b6";
const ACCESS_TOKEN: &str = "legacy-access-eyJhbGciOiJIUzI1NiJ9.e30.xyz";
const REFRESH_TOKEN: &str = "legacy-refresh-eyJhbGciOiJIUzI1NiJ9.e30.uvw";

/// A response with `status` and `body` as it is.
fn raw_response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body.as_bytes().to_vec())
        .expect("a valid test response")
}

/// A response with `status` and a JSON body.
fn json_response(status: u16, body: serde_json::Value) -> http::Response<Vec<u8>> {
    raw_response(status, &body.to_string())
}

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
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.portone.io/v2/signin/api-key"
    );
    assert_eq!(
        request.headers().get(http::header::CONTENT_TYPE).unwrap(),
        "application/json"
    );
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, json!({ "api_key": API_KEY }));
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
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.portone.io/v2/token-regeneration"
    );
    assert_eq!(
        request.headers().get(http::header::CONTENT_TYPE).unwrap(),
        "application/json"
    );
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, json!({ "refresh_token": REFRESH_TOKEN }));
}

#[test]
#[allow(deprecated)]
fn token_response_parses_for_both_operations() {
    use partner_apis::portone_v2_legacy::operations::{RegenerateToken, SignInWithApiKey};
    let body = json!({ "access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN });

    let tokens: TokenResponse = SignInWithApiKey::parse_response(json_response(200, body.clone()))
        .expect("the sign-in 200 parses");
    assert_eq!(tokens.access_token.expose(), ACCESS_TOKEN);
    assert_eq!(tokens.refresh_token.expose(), REFRESH_TOKEN);

    let tokens: TokenResponse = RegenerateToken::parse_response(json_response(200, body))
        .expect("the regeneration 200 parses");
    assert_eq!(tokens.access_token.expose(), ACCESS_TOKEN);
    assert_eq!(tokens.refresh_token.expose(), REFRESH_TOKEN);

    // camelCase is the current API's spelling, not this one's.
    let camel = json!({ "accessToken": ACCESS_TOKEN, "refreshToken": REFRESH_TOKEN });
    let result = SignInWithApiKey::parse_response(json_response(200, camel));
    assert!(matches!(
        result,
        Err(ResponseError::Unexpected(ref unexpected))
            if matches!(unexpected.reason, UnexpectedReason::InvalidBody(_))
    ));
}

#[test]
#[allow(deprecated)]
fn documented_errors_are_api_errors() {
    use partner_apis::portone_v2_legacy::operations::{RegenerateToken, SignInWithApiKey};
    let unauthorized =
        json!({ "code": "UNAUTHORIZED", "params": { "message": "유효하지 않은 API Key입니다." } });
    match SignInWithApiKey::parse_response(json_response(401, unauthorized)) {
        Err(ResponseError::Api { status, body }) => {
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
        }
        other => panic!("expected a documented 401, got {other:?}"),
    }

    let server = json!({ "code": "INTERNAL_SERVER_ERROR", "params": { "message": "잠시 후 다시 시도해주세요." } });
    match SignInWithApiKey::parse_response(json_response(500, server.clone())) {
        Err(ResponseError::Api { status, body }) => {
            assert_eq!(status, 500);
            assert_eq!(body.code, "INTERNAL_SERVER_ERROR");
            assert_eq!(
                body.params.message.as_deref(),
                Some("잠시 후 다시 시도해주세요.")
            );
        }
        other => panic!("expected a documented 500, got {other:?}"),
    }

    let invalid = json!({ "code": "INVALID_REFRESH_TOKEN", "params": { "message": "유효하지 않은 refresh token입니다." } });
    match RegenerateToken::parse_response(json_response(401, invalid)) {
        Err(ResponseError::Api { status, body }) => {
            assert_eq!(status, 401);
            assert_eq!(body.code, "INVALID_REFRESH_TOKEN");
            assert_eq!(
                body.params.message.as_deref(),
                Some("유효하지 않은 refresh token입니다.")
            );
        }
        other => panic!("expected a documented 401, got {other:?}"),
    }

    match RegenerateToken::parse_response(json_response(500, server)) {
        Err(ResponseError::Api { status, body }) => {
            assert_eq!(status, 500);
            assert_eq!(body.code, "INTERNAL_SERVER_ERROR");
        }
        other => panic!("expected a documented 500, got {other:?}"),
    }

    // `params` may come without a message.
    match RegenerateToken::parse_response(json_response(
        401,
        json!({ "code": "UNAUTHORIZED", "params": {} }),
    )) {
        Err(ResponseError::Api { body, .. }) => assert_eq!(body.params.message, None),
        other => panic!("expected a documented 401, got {other:?}"),
    }
}

#[test]
#[allow(deprecated)]
fn undocumented_or_malformed_responses_are_unexpected() {
    use partner_apis::portone_v2_legacy::operations::SignInWithApiKey;
    let body = r#"{"code":"BAD_REQUEST","params":{"message":"x"}}"#;
    match SignInWithApiKey::parse_response(raw_response(400, body)) {
        Err(ResponseError::Unexpected(unexpected)) => {
            assert_eq!(unexpected.status, 400);
            assert_eq!(unexpected.reason, UnexpectedReason::UndocumentedStatus);
            assert_eq!(unexpected.body(), body.as_bytes());
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }

    // An error body missing the required `params`.
    let body = r#"{"code":"UNAUTHORIZED"}"#;
    match SignInWithApiKey::parse_response(raw_response(401, body)) {
        Err(ResponseError::Unexpected(unexpected)) => {
            assert_eq!(unexpected.status, 401);
            assert!(matches!(
                unexpected.reason,
                UnexpectedReason::InvalidBody(_)
            ));
            assert_eq!(unexpected.body(), body.as_bytes());
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
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
    assert!(!format!("{request:?}").contains(API_KEY));
    assert!(!format!("{:?}", SignInWithApiKey::new(request)).contains(API_KEY));

    let request = TokenRegenerationRequest {
        refresh_token: REFRESH_TOKEN.into(),
    };
    assert!(!format!("{request:?}").contains(REFRESH_TOKEN));
    assert!(!format!("{:?}", RegenerateToken::new(request)).contains(REFRESH_TOKEN));

    let tokens = TokenResponse {
        access_token: ACCESS_TOKEN.into(),
        refresh_token: REFRESH_TOKEN.into(),
    };
    let debug = format!("{tokens:?}");
    assert!(
        !debug.contains(ACCESS_TOKEN) && !debug.contains(REFRESH_TOKEN),
        "{debug}"
    );

    let request = SignInWithApiKey::new(SignInWithApiKeyRequest {
        api_key: API_KEY.into(),
    })
    .build()
    .unwrap();
    assert!(!format!("{:?}", request.headers()).contains(API_KEY));
}
