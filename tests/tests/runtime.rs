//! The runtime module every generated crate carries, exercised directly: credentials of every
//! kind, query styles, and refusals.

use partner_apis::runtime::{AuthScheme, BuildError, Credential, QueryStyle, RequestBuilder};

fn builder() -> RequestBuilder {
    RequestBuilder::new(http::Method::GET, "https://api.example.test/v1/")
}

fn credential(name: &'static str, scheme: AuthScheme, value: &str) -> Credential {
    Credential {
        name,
        scheme,
        value: value.into(),
    }
}

#[test]
fn basic_auth_is_base64_of_user_and_password() {
    // RFC 7617's example.
    let request = builder()
        .auth(&[credential(
            "Authorization",
            AuthScheme::Basic,
            "Aladdin:open sesame",
        )])
        .unwrap()
        .finish()
        .unwrap();
    let value = &request.headers()["authorization"];
    assert_eq!(value, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert!(value.is_sensitive());
    for (plain, encoded) in [("a", "YQ=="), ("ab", "YWI="), ("abc", "YWJj"), ("", "")] {
        let request = builder()
            .auth(&[credential("Authorization", AuthScheme::Basic, plain)])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(
            request.headers()["authorization"],
            format!("Basic {encoded}").as_str()
        );
    }
}

#[test]
fn api_keys_go_to_their_header_query_or_cookie() {
    let request = builder()
        .path("/items")
        .query("limit", Some(&10), QueryStyle::FormExploded)
        .unwrap()
        .auth(&[
            credential("X-Api-Key", AuthScheme::Header, "h-key"),
            credential("api_key", AuthScheme::Query, "q key&"),
            credential("session", AuthScheme::Cookie, "c1"),
            credential("csrf", AuthScheme::Cookie, "c2"),
        ])
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://api.example.test/v1/items?limit=10&api_key=q%20key%26"
    );
    assert_eq!(request.headers()["x-api-key"], "h-key");
    assert_eq!(request.headers()["cookie"], "session=c1; csrf=c2");
    assert!(request.headers()["cookie"].is_sensitive());
    assert!(!format!("{:?}", request.headers()).contains("h-key"));
}

#[test]
fn any_http_scheme_sends_its_name_before_the_credentials() {
    let request = builder()
        .auth(&[credential(
            "Authorization",
            AuthScheme::Http("PortOne"),
            "api-secret",
        )])
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(request.headers()["authorization"], "PortOne api-secret");
    assert!(request.headers()["authorization"].is_sensitive());
}

#[test]
fn array_query_parameters_follow_explode() {
    let values = vec!["a b", "c,d"];
    let request = builder()
        .query("x", Some(&values), QueryStyle::FormExploded)
        .unwrap()
        .query("y", Some(&values), QueryStyle::Form)
        .unwrap()
        .query::<str>("absent", None, QueryStyle::Form)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("x=a%20b&x=c%2Cd&y=a%20b%2Cc%2Cd")
    );
}

#[test]
fn delimited_query_styles_join_items_with_their_separator() {
    let values = [1, 2, 3];
    let request = builder()
        .query("s", Some(&values), QueryStyle::SpaceDelimited)
        .unwrap()
        .query("p", Some(&values), QueryStyle::PipeDelimited)
        .unwrap()
        .query("t", Some(&values), QueryStyle::TabDelimited)
        .unwrap()
        .query("one", Some(&"a|b"), QueryStyle::PipeDelimited)
        .unwrap()
        .query("none", Some(&Vec::<i32>::new()), QueryStyle::SpaceDelimited)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("s=1%202%203&p=1%7C2%7C3&t=1%092%093&one=a%7Cb")
    );
}

#[test]
fn values_a_location_cannot_carry_are_refused() {
    let nested = serde_json::json!({ "a": 1 });
    let error = builder().path_param("id", &nested).unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidParameter { name: "id", .. }),
        "{error:?}"
    );
    let error = builder().header("X-Trace", Some("a\nb")).unwrap_err();
    assert!(
        matches!(error, BuildError::InvalidHeaderValue { name: "X-Trace" }),
        "{error:?}"
    );
    let error = builder()
        .auth(&[credential("Authorization", AuthScheme::Bearer, "t\r\nX: y")])
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::InvalidHeaderValue {
            name: "Authorization"
        }
    ));
    assert!(!error.to_string().contains("X: y"));
}

#[test]
fn deep_object_query_parameters_nest_with_brackets() {
    let filter = serde_json::json!({ "status": "paid", "ids": [1, 2], "created": { "gte": 10 } });
    let request = builder()
        .query("filter", Some(&filter), QueryStyle::DeepObject)
        .unwrap()
        .query("expand", Some(&["a", "b"]), QueryStyle::DeepObject)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some(
            "filter%5Bstatus%5D=paid&filter%5Bids%5D%5B0%5D=1&filter%5Bids%5D%5B1%5D=2\
             &filter%5Bcreated%5D%5Bgte%5D=10&expand%5B0%5D=a&expand%5B1%5D=b"
        )
    );
}

#[test]
fn form_bodies_flatten_objects_and_repeat_arrays() {
    let body = serde_json::json!({
        "amount": 2000,
        "description": "a b&c",
        "tags": ["x", "y"],
        "expand": ["customer"],
        "metadata": { "order": "7" },
        "skipped": null
    });
    let request = builder()
        .form_body(
            "application/x-www-form-urlencoded",
            Some(&body),
            &[("expand", QueryStyle::DeepObject)],
        )
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        request.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body().clone()).unwrap(),
        "amount=2000&description=a%20b%26c&tags=x&tags=y&expand%5B0%5D=customer\
         &metadata%5Border%5D=7"
    );
    let joined = builder()
        .form_body(
            "application/x-www-form-urlencoded",
            Some(&serde_json::json!({ "ids": [1, 2], "names": ["a b", "c"], "tags": ["x"] })),
            &[
                ("ids", QueryStyle::Form),
                ("names", QueryStyle::PipeDelimited),
            ],
        )
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(
        String::from_utf8(joined.body().clone()).unwrap(),
        "ids=1%2C2&names=a%20b%7Cc&tags=x"
    );
    let holes = builder().form_body(
        "application/x-www-form-urlencoded",
        Some(&serde_json::json!({ "ids": [1, null], "empty": [] })),
        &[("ids", QueryStyle::Form), ("empty", QueryStyle::Form)],
    );
    assert!(matches!(
        holes,
        Err(BuildError::InvalidParameter { name: "body", .. })
    ));
    let empty = builder()
        .form_body(
            "application/x-www-form-urlencoded",
            Some(&serde_json::json!({ "empty": [], "n": 1 })),
            &[("empty", QueryStyle::PipeDelimited)],
        )
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(String::from_utf8(empty.body().clone()).unwrap(), "n=1");
    let error = builder()
        .form_body("application/x-www-form-urlencoded", Some(&[1, 2]), &[])
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::InvalidParameter { name: "body", .. }
    ));
}

#[test]
fn multipart_bodies_send_text_parts_and_byte_fields_as_files() {
    let body = serde_json::json!({ "purpose": "avatar", "file": [0, 159, 146, 150] });
    let request = builder()
        .multipart_body(Some(&body), &[], &["file"])
        .unwrap()
        .finish()
        .unwrap();
    let content_type = request.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let mut expected = Vec::new();
    expected.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    expected.extend_from_slice(&[0, 159, 146, 150]);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\navatar\r\n\
             --{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(request.body(), &expected);

    let not_bytes = serde_json::json!({ "file": "text" });
    assert!(
        builder()
            .multipart_body(Some(&not_bytes), &[], &["file"])
            .is_err()
    );
}

/// Two variants whose properties are all optional, as in an `anyOf`: the one that declares the
/// object's keys is taken, not simply the first.
#[derive(Debug, PartialEq, serde::Deserialize)]
struct ByName {
    name: Option<String>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct ByAge {
    min_age: Option<i64>,
}

#[derive(Debug, PartialEq)]
enum Filter {
    Name(ByName),
    Age(ByAge),
    Text(String),
}

impl<'de> serde::Deserialize<'de> for Filter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        partner_apis::runtime::read_untagged(
            deserializer,
            &[
                (&["name"], |v| serde_json::from_value(v).map(Filter::Name)),
                (&["min_age"], |v| serde_json::from_value(v).map(Filter::Age)),
                (&[], |v| serde_json::from_value(v).map(Filter::Text)),
            ],
        )
    }
}

#[test]
fn untagged_unions_prefer_the_variant_that_declares_the_keys() {
    let parse = |json: &str| serde_json::from_str::<Filter>(json).unwrap();
    assert_eq!(
        parse(r#"{"min_age": 3}"#),
        Filter::Age(ByAge { min_age: Some(3) })
    );
    assert_eq!(
        parse(r#"{"name": "x"}"#),
        Filter::Name(ByName {
            name: Some("x".into())
        })
    );
    // No key decides: spec order.
    assert_eq!(parse("{}"), Filter::Name(ByName { name: None }));
    assert_eq!(parse(r#""free text""#), Filter::Text("free text".into()));
    let error = serde_json::from_str::<Filter>("[1]").unwrap_err();
    assert!(
        error.to_string().contains("none of the union's variants"),
        "{error}"
    );
}

#[test]
fn cookie_parameters_and_json_content_parameters() {
    use partner_apis::runtime::AsJson;
    let filter = serde_json::json!({ "owner": "kim" });
    let request = builder()
        .cookie("session", Some("a;b c"))
        .unwrap()
        .cookie::<str>("absent", None)
        .unwrap()
        .cookie("theme", Some("dark"))
        .unwrap()
        .query("filter", Some(&AsJson(&filter)), QueryStyle::FormExploded)
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(request.headers()["cookie"], "session=a%3Bb%20c; theme=dark");
    assert_eq!(
        request.uri().query(),
        Some("filter=%7B%22owner%22%3A%22kim%22%7D")
    );
}

mod token_expiry {
    //! Where the clients take a token's expiry from: the JWT's `exp`, else the lifetime the
    //! settings give counted from issue, else the server's `expired_at` minus its `now`.

    use std::time::{Duration, UNIX_EPOCH};

    use oapigen_tests::partners::{jwt, jwt_with_claims};
    use partner_apis::runtime::{Tokens, jwt_expiry};

    const EXP: u64 = 1_765_604_651;

    #[test]
    fn a_jwt_expires_at_its_exp_claim() {
        let token = jwt(EXP as i64, 1);
        assert_eq!(
            jwt_expiry(&token),
            Some(UNIX_EPOCH + Duration::from_secs(EXP))
        );
        // RFC 7519's NumericDate may be fractional.
        let token = jwt_with_claims(&format!(r#"{{"exp":{EXP}.75}}"#));
        assert_eq!(
            jwt_expiry(&token),
            Some(UNIX_EPOCH + Duration::from_secs(EXP))
        );
    }

    #[test]
    fn other_strings_have_no_jwt_expiry() {
        for token in [
            "",
            "opaque-token",
            "a.b.c",
            "a.!!!.c",
            &jwt_with_claims(r#"{"iat":1}"#),
            &jwt_with_claims(r#"{"exp":"tomorrow"}"#),
            &jwt_with_claims(r#"{"exp":-5}"#),
            &jwt_with_claims("not json"),
        ] {
            assert_eq!(jwt_expiry(token), None, "{token:?}");
        }
    }

    #[test]
    fn the_jwt_claim_wins_over_the_lifetime_and_the_lifetime_counts_from_issue() {
        let issued = UNIX_EPOCH + Duration::from_secs(EXP - 100);
        let lifetime = Some(Duration::from_secs(1800));
        let from_jwt = Tokens::new(jwt(EXP as i64, 1).into(), None, lifetime, issued);
        assert_eq!(
            from_jwt.expires_at,
            Some(UNIX_EPOCH + Duration::from_secs(EXP))
        );
        let opaque = Tokens::new("opaque".into(), None, lifetime, issued);
        assert_eq!(opaque.expires_at, Some(issued + Duration::from_secs(1800)));
        let unknown = Tokens::new("opaque".into(), None, None, issued);
        assert_eq!(unknown.expires_at, None, "kept until the API refuses it");
    }

    #[test]
    fn an_expiry_past_what_the_clock_can_hold_is_no_expiry_not_a_panic() {
        for claims in [r#"{"exp":1e19}"#, r#"{"exp":18446744073709551615}"#] {
            let token = jwt_with_claims(claims);
            assert_eq!(jwt_expiry(&token), None, "{claims}");
            let tokens = Tokens::new(
                token.into(),
                None,
                Some(Duration::from_secs(60)),
                UNIX_EPOCH,
            );
            assert_eq!(
                tokens.expires_at,
                Some(UNIX_EPOCH + Duration::from_secs(60))
            );
        }
        let far = Tokens::from_server_clock(
            "t".into(),
            None,
            0,
            i64::MAX,
            UNIX_EPOCH + Duration::from_secs(EXP),
        );
        assert_eq!(far.expires_at, None);
        let from_max = Tokens::from_server_clock("t".into(), None, i64::MIN, i64::MAX, UNIX_EPOCH);
        assert!(from_max.expires_at.is_some_and(|at| at > UNIX_EPOCH));
    }

    #[test]
    fn the_server_clock_gives_only_the_time_left() {
        let ours = UNIX_EPOCH + Duration::from_secs(EXP);
        // The server is an hour behind: only `expired_at - now` (30 minutes) counts.
        let tokens =
            Tokens::from_server_clock("t".into(), None, EXP as i64 - 3600, EXP as i64 - 1800, ours);
        assert_eq!(tokens.expires_at, Some(ours + Duration::from_secs(1800)));
        // An expiry before the server's now is already expired, not a panic.
        let past = Tokens::from_server_clock("t".into(), None, 100, 50, ours);
        assert_eq!(past.expires_at, Some(ours));
    }
}

mod client_debug {
    use partner_apis::runtime::Client;

    #[test]
    fn shows_header_names_and_the_base_url_without_credentials() {
        let client = Client::new()
            .expect("a client")
            .base_url("https://partner:base-url-secret@api.example.test/v1?key=query-secret")
            .default_header("x-api-key", "header-secret")
            .expect("a valid header");
        let shown = format!("{client:?}");
        assert!(shown.contains("api.example.test/v1"), "{shown}");
        assert!(shown.contains("x-api-key"), "{shown}");
        oapigen_tests::assert_hides(
            &shown,
            &["base-url-secret", "query-secret", "header-secret"],
        );
    }
}

mod response_headers {
    //! `runtime::header_value`, which a generated `response_headers` calls for each header the
    //! spec declares.

    use http::{HeaderMap, HeaderValue};
    use partner_apis::runtime::{SecretString, header_value};

    #[test]
    fn a_header_is_read_as_its_type_or_is_none() {
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit", HeaderValue::from_static(" 42 "));
        headers.insert("x-flag", HeaderValue::from_static("true"));
        headers.insert("x-next", HeaderValue::from_static("cursor-2"));
        headers.insert("x-broken", HeaderValue::from_static("lots"));
        headers.insert(
            "x-bytes",
            HeaderValue::from_bytes(b"caf\xe9").expect("opaque bytes are a valid value"),
        );
        assert_eq!(header_value::<i32>(&headers, "x-rate-limit"), Some(42));
        assert_eq!(
            header_value::<i32>(&headers, "X-Rate-Limit"),
            Some(42),
            "any case"
        );
        assert_eq!(header_value::<bool>(&headers, "x-flag"), Some(true));
        assert_eq!(
            header_value::<String>(&headers, "x-next").as_deref(),
            Some("cursor-2")
        );
        assert_eq!(header_value::<i64>(&headers, "x-broken"), None, "no number");
        assert_eq!(header_value::<String>(&headers, "x-bytes"), None, "no text");
        assert_eq!(header_value::<String>(&headers, "x-missing"), None);
        assert_eq!(header_value::<String>(&headers, "not a name"), None);
        let secret: Option<SecretString> = header_value(&headers, "x-next");
        assert_eq!(
            secret.map(|s| s.expose().to_owned()).as_deref(),
            Some("cursor-2")
        );
    }
}
