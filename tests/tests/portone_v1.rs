//! Behaviour of the generated `portone_v1` module (PortOne V1 REST API, seeds 002/003 and
//! `reference/portone-v1-payment.md`): the token and payment requests it builds (content type,
//! percent-encoded path, query, `Tier` and auth headers), header values it refuses, the
//! `{code, message, response}` envelope, and that secrets and tokens stay out of `Debug` output.

use partner_apis::portone_v1::models::{
    AuthAnnotation, ErrorResponse, GetTokenRequest, GetTokenResponse,
    PaymentAnnotationCustomerUidUsage, PaymentAnnotationStatus, PaymentResponse,
};
use partner_apis::portone_v1::operations::{GetPaymentByImpUid, GetToken};
use partner_apis::runtime::{BuildError, EnvelopeError, Operation, SecretString};
use serde_json::json;

use oapigen_tests::{
    assert_hides, assert_invalid_body, assert_json_request, assert_undocumented_status,
    expect_api_error, response_with_content_type,
};

/// The REST API secret of the request example in seed 003.
const IMP_SECRET: &str =
    "ekKoeW8RyKuT0zgaZsUtXXTLQ4AhPFW3ZGseDA6bkA5lamv9OqDMnxyeB9wqOsuO9W3Mx9YSJ4dTqJ3f";

/// The access token of the response example in seed 003.
const ACCESS_TOKEN: &str = "a9ace025c90c0da2161075da6ddd3492a2fca776";

/// The response example of seed 003, without its JS comments and trailing commas.
const GET_TOKEN_EXAMPLE: &str = r#"{"code":0,"message":null,"response":{"access_token":"a9ace025c90c0da2161075da6ddd3492a2fca776","now":1512446940,"expired_at":1512448740}}"#;

/// The content type of the V1 API's requests and responses.
const JSON_UTF8: &str = "application/json; charset=UTF-8";

/// A response with `status`, [`JSON_UTF8`] and `body` as it is.
fn v1_response(status: u16, body: impl Into<Vec<u8>>) -> http::Response<Vec<u8>> {
    response_with_content_type(status, JSON_UTF8, body)
}

/// A response with `status`, [`JSON_UTF8`] and a JSON body.
fn v1_json_response(status: u16, body: &serde_json::Value) -> http::Response<Vec<u8>> {
    v1_response(status, body.to_string())
}

fn get_token() -> GetToken {
    GetToken::new(GetTokenRequest {
        imp_key: "imp_apikey".into(),
        imp_secret: IMP_SECRET.into(),
    })
}

/// The URI of the payment lookup for `imp_uid`, as a string.
fn payment_uri(imp_uid: &str) -> String {
    GetPaymentByImpUid::new(imp_uid)
        .build()
        .expect("the payment request builds")
        .uri()
        .to_string()
}

/// A paid card payment with one partial cancellation, as the V1 API returns it.
const PAID_PAYMENT: &str = r#"{
    "imp_uid": "imp_448280090638",
    "merchant_uid": "order_20240501_0001",
    "pay_method": "card",
    "channel": "pc",
    "pg_provider": "tosspayments",
    "emb_pg_provider": null,
    "pg_tid": "tviva20240501123456789",
    "pg_id": "tvivarepublica",
    "sandbox": false,
    "escrow": false,
    "apply_num": "30012345",
    "bank_code": null,
    "bank_name": null,
    "card_code": "361",
    "card_name": "BC카드",
    "card_quota": 0,
    "card_number": "910020******1234",
    "card_type": null,
    "vbank_code": null,
    "vbank_name": null,
    "vbank_num": null,
    "vbank_holder": null,
    "vbank_date": 0,
    "vbank_issued_at": 0,
    "name": "아키스케치 프로 1개월",
    "amount": 39000,
    "cancel_amount": 9000.5,
    "currency": "KRW",
    "buyer_name": "홍길동",
    "buyer_email": "gildong@example.com",
    "buyer_tel": "010-1234-5678",
    "buyer_addr": "서울특별시 강남구",
    "buyer_postcode": "06236",
    "custom_data": "{\"plan\":\"pro\"}",
    "user_agent": "Mozilla/5.0",
    "status": "paid",
    "started_at": 1714534400,
    "paid_at": 1714534496,
    "failed_at": 0,
    "cancelled_at": 0,
    "fail_reason": null,
    "cancel_reason": null,
    "receipt_url": "https://dashboard.tosspayments.com/receipt/abc",
    "cancel_history": [{
        "pg_tid": "tviva20240502000000001",
        "amount": 9000.5,
        "cancelled_at": 1714620896,
        "reason": "부분 환불",
        "cancellation_id": "cancel_01HX",
        "receipt_url": null
    }],
    "cancel_receipt_urls": [],
    "cash_receipt_issued": false,
    "customer_uid": "customer_1234",
    "customer_uid_usage": "payment.scheduled",
    "promotion": null
}"#;

/// [`PAID_PAYMENT`] as a JSON value, to embed in an envelope or change.
fn paid_payment() -> serde_json::Value {
    serde_json::from_str(PAID_PAYMENT).expect("the payment fixture is JSON")
}

#[test]
fn get_token_request_posts_key_and_secret() {
    let request = get_token().build().expect("the token request builds");
    assert_json_request(
        &request,
        http::Method::POST,
        "https://api.iamport.kr/users/getToken",
        JSON_UTF8,
        &json!({ "imp_key": "imp_apikey", "imp_secret": IMP_SECRET }),
    );
    assert!(request.headers().get("tier").is_none());
    assert!(request.headers().get(http::header::AUTHORIZATION).is_none());
}

#[test]
fn get_token_sends_the_tier_header() {
    let request = get_token().tier("T1").build().unwrap();
    assert_eq!(request.headers().get("tier").unwrap(), "T1");
}

#[test]
fn get_token_example_from_seed_parses() {
    let envelope: GetTokenResponse = GetToken::parse_response(v1_response(200, GET_TOKEN_EXAMPLE))
        .expect("the seed's example parses");
    assert_eq!(envelope.code, 0);
    assert_eq!(envelope.message, None);
    let auth: AuthAnnotation = envelope.into_result().expect("code 0 with a response");
    assert_eq!(auth.access_token.expose(), ACCESS_TOKEN);
    let now: i64 = auth.now;
    let expired_at: i64 = auth.expired_at;
    assert_eq!(now, 1_512_446_940);
    assert_eq!(expired_at, 1_512_448_740);
    assert_eq!(expired_at - now, 30 * 60);
}

#[test]
fn failed_envelope_gives_the_code_and_message() {
    let envelope: GetTokenResponse = GetToken::parse_response(v1_json_response(
        200,
        &json!({ "code": -1, "message": "imp_key 또는 imp_secret이 올바르지 않습니다.", "response": null }),
    ))
    .unwrap();
    assert_eq!(
        envelope.into_result(),
        Err(EnvelopeError::Failed {
            status: -1,
            error: Some("imp_key 또는 imp_secret이 올바르지 않습니다.".to_owned()),
        })
    );

    let envelope: GetTokenResponse =
        serde_json::from_value(json!({ "code": 1, "message": null })).unwrap();
    assert_eq!(
        envelope.into_result(),
        Err(EnvelopeError::Failed {
            status: 1,
            error: None
        })
    );
}

#[test]
fn success_envelope_without_data_is_missing_data() {
    let envelope: GetTokenResponse =
        serde_json::from_value(json!({ "code": 0, "message": null, "response": null })).unwrap();
    assert_eq!(envelope.into_result(), Err(EnvelopeError::MissingData));

    let envelope: PaymentResponse =
        serde_json::from_value(json!({ "code": 0, "message": null })).unwrap();
    assert_eq!(envelope.into_result(), Err(EnvelopeError::MissingData));
}

#[test]
fn get_token_401_is_an_api_error() {
    let (status, body) = expect_api_error(GetToken::parse_response(v1_json_response(
        401,
        &json!({ "code": -1, "message": "Unauthorized", "response": null }),
    )));
    assert_eq!(status, 401);
    assert_eq!(
        body,
        ErrorResponse {
            code: -1,
            message: Some("Unauthorized".into())
        }
    );
}

#[test]
fn payment_path_segment_is_percent_encoded() {
    assert_eq!(
        payment_uri("imp_448280090638"),
        "https://api.iamport.kr/payments/imp_448280090638"
    );
    assert_eq!(
        payment_uri("imp_123/45 6?x#y%z"),
        "https://api.iamport.kr/payments/imp_123%2F45%206%3Fx%23y%25z"
    );
    assert_eq!(
        payment_uri("결제_1"),
        "https://api.iamport.kr/payments/%EA%B2%B0%EC%A0%9C_1"
    );
    assert_eq!(
        payment_uri("a-b.c~d_e"),
        "https://api.iamport.kr/payments/a-b.c~d_e"
    );

    let request = GetPaymentByImpUid::new("imp_123/45 6?x#y%z")
        .build()
        .unwrap();
    assert_eq!(
        request.uri().path(),
        "/payments/imp_123%2F45%206%3Fx%23y%25z"
    );
    assert_eq!(request.uri().query(), None);
    assert_eq!(request.uri().path().matches('/').count(), 2);
}

/// URL normalisation (curl, the `url` crate behind reqwest) removes `.` and `..` segments, and an
/// empty segment names another path, so `build()` refuses such ids.
#[test]
fn dot_segment_and_empty_ids_cannot_leave_the_path_segment() {
    for imp_uid in [".", "..", ""] {
        let result = GetPaymentByImpUid::new(imp_uid).build();
        assert!(
            matches!(
                result,
                Err(BuildError::InvalidParameter {
                    name: "imp_uid",
                    ..
                })
            ),
            "imp_uid {imp_uid:?} gave {:?}",
            result.map(|request| request.uri().to_string())
        );
    }
}

#[test]
fn payment_request_is_a_bodiless_get() {
    let request = GetPaymentByImpUid::new("imp_448280090638").build().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert!(request.body().is_empty());
    assert!(request.headers().get(http::header::CONTENT_TYPE).is_none());
    assert!(request.headers().is_empty());
}

#[test]
fn include_sandbox_adds_the_query_only_when_set() {
    let with = GetPaymentByImpUid::new("imp_448280090638")
        .include_sandbox(true)
        .build()
        .unwrap();
    assert_eq!(
        with.uri().to_string(),
        "https://api.iamport.kr/payments/imp_448280090638?include_sandbox=true"
    );
    let off = GetPaymentByImpUid::new("imp_448280090638")
        .include_sandbox(false)
        .build()
        .unwrap();
    assert_eq!(off.uri().query(), Some("include_sandbox=false"));
    let omitted = GetPaymentByImpUid::new("imp_448280090638").build().unwrap();
    assert_eq!(omitted.uri().query(), None);
    assert!(!omitted.uri().to_string().contains('?'));
}

#[test]
fn auth_and_tier_headers_are_set() {
    let request = GetPaymentByImpUid::new("imp_448280090638")
        .bearer_auth("tok")
        .build()
        .unwrap();
    assert_eq!(
        request.headers().get(http::header::AUTHORIZATION).unwrap(),
        "Bearer tok"
    );
    assert!(request.headers().get("x-imptokenheader").is_none());

    let request = GetPaymentByImpUid::new("imp_448280090638")
        .imp_token_header("tok")
        .build()
        .unwrap();
    assert_eq!(request.headers().get("x-imptokenheader").unwrap(), "tok");
    assert!(request.headers().get(http::header::AUTHORIZATION).is_none());

    let request = GetPaymentByImpUid::new("imp_448280090638")
        .tier("T1")
        .build()
        .unwrap();
    assert_eq!(request.headers().get("tier").unwrap(), "T1");
    assert_eq!(request.headers().len(), 1);
}

#[test]
fn auth_headers_are_marked_sensitive() {
    let request = GetPaymentByImpUid::new("imp_448280090638")
        .bearer_auth(ACCESS_TOKEN)
        .imp_token_header(ACCESS_TOKEN)
        .tier("T1")
        .build()
        .unwrap();
    let headers = request.headers();
    assert!(
        headers
            .get(http::header::AUTHORIZATION)
            .unwrap()
            .is_sensitive()
    );
    assert!(headers.get("x-imptokenheader").unwrap().is_sensitive());
    assert!(!headers.get("tier").unwrap().is_sensitive());
    assert_hides(&format!("{headers:?}"), &[ACCESS_TOKEN]);
    let debug = format!("{request:?}");
    assert_hides(&debug, &[ACCESS_TOKEN]);
    assert!(debug.contains("T1"), "{debug}");
}

#[test]
fn header_values_with_line_breaks_are_refused() {
    let error = GetPaymentByImpUid::new("imp_448280090638")
        .tier("T1\r\nX-Injected: yes")
        .build()
        .expect_err("CR LF in the Tier header is refused");
    assert!(
        matches!(error, BuildError::InvalidHeaderValue { name } if name.eq_ignore_ascii_case("tier")),
        "{error:?}"
    );
    assert_hides(&format!("{error}"), &["X-Injected"]);
    assert_hides(&format!("{error:?}"), &["X-Injected"]);
    assert!(format!("{error}").contains("Tier"));

    let error = get_token()
        .tier("T1\nX-Injected: yes")
        .build()
        .expect_err("LF in the Tier header is refused");
    assert!(
        matches!(error, BuildError::InvalidHeaderValue { name } if name.eq_ignore_ascii_case("tier"))
    );

    let error = GetPaymentByImpUid::new("imp_448280090638")
        .bearer_auth("tok_secret_123\r\nX-Injected: yes")
        .build()
        .expect_err("CR LF in the bearer token is refused");
    assert!(
        matches!(error, BuildError::InvalidHeaderValue { name } if name.eq_ignore_ascii_case("authorization")),
        "{error:?}"
    );
    for shown in [format!("{error}"), format!("{error:?}")] {
        assert_hides(&shown, &["tok_secret_123", "X-Injected"]);
    }

    let error = GetPaymentByImpUid::new("imp_448280090638")
        .imp_token_header("tok_secret_123\r\n")
        .build()
        .expect_err("CR LF in the token header is refused");
    assert!(
        matches!(error, BuildError::InvalidHeaderValue { name } if name.eq_ignore_ascii_case("x-imptokenheader"))
    );
    assert_hides(&format!("{error:?}"), &["tok_secret_123"]);
}

#[test]
fn paid_payment_parses() {
    let envelope = json!({ "code": 0, "message": null, "response": paid_payment() });
    let response: PaymentResponse =
        GetPaymentByImpUid::parse_response(v1_json_response(200, &envelope))
            .expect("a realistic payment parses");
    let payment = response.into_result().expect("code 0 with a payment");
    assert_eq!(payment.imp_uid, "imp_448280090638");
    assert_eq!(payment.merchant_uid, "order_20240501_0001");
    assert!(!payment.sandbox);
    assert_eq!(payment.amount, 39000.0);
    assert_eq!(payment.cancel_amount, 9000.5);
    assert_eq!(payment.currency, "KRW");
    assert_eq!(payment.status, PaymentAnnotationStatus::Paid);
    assert_eq!(payment.status.as_str(), "paid");
    assert_eq!(payment.card_type, None);
    assert_eq!(payment.card_quota, Some(0));
    assert_eq!(payment.paid_at, Some(1_714_534_496));
    assert_eq!(
        payment.customer_uid_usage,
        Some(PaymentAnnotationCustomerUidUsage::PaymentScheduled)
    );
    let history = payment.cancel_history.expect("one cancellation");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].amount, 9000.5);
    assert_eq!(history[0].cancelled_at, 1_714_620_896);
    assert_eq!(history[0].reason, "부분 환불");
    assert_eq!(history[0].cancellation_id, "cancel_01HX");
    assert_eq!(history[0].receipt_url, None);
    assert_eq!(payment.cancel_receipt_urls, Some(vec![]));
    assert_eq!(payment.promotion, None);
}

#[test]
fn minimal_payment_with_only_required_fields_parses() {
    let payment = json!({
        "imp_uid": "imp_1",
        "merchant_uid": "m_1",
        "sandbox": true,
        "amount": 100,
        "cancel_amount": 0,
        "currency": "USD",
        "status": "ready",
        "card_type": 1
    });
    let response: PaymentResponse = GetPaymentByImpUid::parse_response(v1_json_response(
        200,
        &json!({ "code": 0, "message": null, "response": payment }),
    ))
    .unwrap();
    let payment = response.into_result().unwrap();
    assert_eq!(payment.status, PaymentAnnotationStatus::Ready);
    assert_eq!(payment.card_type, Some(1));
    assert!(payment.sandbox);
    assert_eq!(payment.cancel_history, None);
}

#[test]
fn payment_missing_a_required_field_is_unexpected() {
    let mut payment = paid_payment();
    payment.as_object_mut().unwrap().remove("merchant_uid");
    let body = json!({ "code": 0, "message": null, "response": payment }).to_string();
    assert_invalid_body(
        GetPaymentByImpUid::parse_response(v1_response(200, body.as_str())),
        200,
        &body,
    );
}

#[test]
fn unlisted_payment_status_parses_into_the_catch_all() {
    let mut payment = paid_payment();
    payment["status"] = json!("partial_cancelled");
    let response: PaymentResponse = GetPaymentByImpUid::parse_response(v1_json_response(
        200,
        &json!({ "code": 0, "message": null, "response": payment }),
    ))
    .expect("an unlisted status still parses");
    let payment = response.into_result().unwrap();
    assert_eq!(
        payment.status,
        PaymentAnnotationStatus::Unknown("partial_cancelled".into())
    );
    assert_eq!(payment.status.as_str(), "partial_cancelled");
    assert_eq!(payment.status.to_string(), "partial_cancelled");
    assert_eq!(
        serde_json::to_value(&payment.status).unwrap(),
        json!("partial_cancelled")
    );

    let usage: PaymentAnnotationCustomerUidUsage =
        serde_json::from_value(json!("payment.recurring")).unwrap();
    assert_eq!(
        usage,
        PaymentAnnotationCustomerUidUsage::Unknown("payment.recurring".into())
    );
}

#[test]
fn listed_statuses_round_trip() {
    for (status, wire) in [
        (PaymentAnnotationStatus::Ready, "ready"),
        (PaymentAnnotationStatus::Paid, "paid"),
        (PaymentAnnotationStatus::Cancelled, "cancelled"),
        (PaymentAnnotationStatus::Failed, "failed"),
    ] {
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(wire));
        assert_eq!(
            serde_json::from_value::<PaymentAnnotationStatus>(json!(wire)).unwrap(),
            status
        );
        assert_eq!(status.to_string(), wire);
    }
}

#[test]
fn payment_404_is_an_api_error_with_the_message() {
    let (status, body) = expect_api_error(GetPaymentByImpUid::parse_response(v1_json_response(
        404,
        &json!({ "code": -1, "message": "존재하지 않는 결제정보입니다" }),
    )));
    assert_eq!(status, 404);
    assert_eq!(body.code, -1);
    assert_eq!(
        body.message.as_deref(),
        Some("존재하지 않는 결제정보입니다")
    );

    // The real API sends the whole envelope, `response: null` included.
    let (status, _) = expect_api_error(GetPaymentByImpUid::parse_response(v1_json_response(
        404,
        &json!({ "code": -1, "message": "존재하지 않는 결제정보입니다", "response": null }),
    )));
    assert_eq!(status, 404);
}

#[test]
fn payment_401_is_an_api_error() {
    let (status, body) = expect_api_error(GetPaymentByImpUid::parse_response(v1_json_response(
        401,
        &json!({ "code": -1, "message": null, "response": null }),
    )));
    assert_eq!(status, 401);
    assert_eq!(
        body,
        ErrorResponse {
            code: -1,
            message: None
        }
    );
}

#[test]
fn payment_404_with_a_non_json_body_is_unexpected() {
    let body = "<html><h1>404 Not Found</h1></html>";
    assert_invalid_body(
        GetPaymentByImpUid::parse_response(v1_response(404, body)),
        404,
        body,
    );
}

#[test]
fn payment_undocumented_status_is_unexpected() {
    let body = r#"{"code":-1,"message":"server error"}"#;
    let unexpected = assert_undocumented_status(
        GetPaymentByImpUid::parse_response(v1_response(500, body)),
        500,
        body,
    );
    assert_eq!(unexpected.body_text(), body);
}

#[test]
fn debug_output_hides_the_secret_and_the_token() {
    let request = GetTokenRequest {
        imp_key: "imp_apikey".into(),
        imp_secret: IMP_SECRET.into(),
    };
    let debug = format!("{request:?}");
    assert_hides(&debug, &[IMP_SECRET]);
    assert!(debug.contains("imp_apikey"), "{debug}");
    assert_hides(&format!("{:?}", get_token()), &[IMP_SECRET]);

    let auth = AuthAnnotation {
        access_token: SecretString::new(ACCESS_TOKEN),
        now: 1_512_446_940,
        expired_at: 1_512_448_740,
    };
    let debug = format!("{auth:?}");
    assert_hides(&debug, &[ACCESS_TOKEN]);
    assert!(debug.contains("1512448740"), "{debug}");

    let envelope: GetTokenResponse = serde_json::from_str(GET_TOKEN_EXAMPLE).unwrap();
    assert_hides(&format!("{envelope:?}"), &[ACCESS_TOKEN]);

    let builder = GetPaymentByImpUid::new("imp_448280090638")
        .bearer_auth(ACCESS_TOKEN)
        .imp_token_header(ACCESS_TOKEN);
    assert_hides(&format!("{builder:?}"), &[ACCESS_TOKEN]);
}
