//! No secret leaves the generated clients in log output, `Debug` or `Display`: every record of
//! the `log` and `tracing` facades (which reqwest and hyper write to) is captured while the
//! clients log in, refresh, retry and fail, and then searched for every credential and token
//! the local partner server knows.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Duration;

use oapigen_tests::partners::{
    ACCESS_LIFETIME, ARCHISKETCH_ACCESS_KEY, ARCHISKETCH_VERIFY_TOKEN, Fault, Partner,
    PartnerServer, V1_IMP_KEY, V1_IMP_SECRET, V2_API_SECRET,
};
use partner_apis::runtime::{self, Operation};
use partner_apis::{archisketch, portone_v1, portone_v2};

/// Everything logged, one line per record.
static CAPTURED: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn capture(line: String) {
    CAPTURED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(line);
}

struct LogCapture;

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        capture(format!(
            "log {} {}: {}",
            record.level(),
            record.target(),
            record.args()
        ));
    }

    fn flush(&self) {}
}

/// A `tracing` subscriber that writes every span's and event's fields into [`CAPTURED`].
struct TraceCapture {
    next_id: std::sync::atomic::AtomicU64,
}

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl tracing::Subscriber for TraceCapture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(format!("span {}", span.metadata().name()));
        span.record(&mut fields);
        capture(fields.0);
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        tracing::span::Id::from_u64(id + 1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields("span record".to_owned());
        values.record(&mut fields);
        capture(fields.0);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(format!(
            "event {} {}",
            event.metadata().level(),
            event.metadata().target()
        ));
        event.record(&mut fields);
        capture(fields.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

fn http(server: &PartnerServer, partner: Partner) -> runtime::Client {
    runtime::Client::new()
        .expect("a reqwest client")
        .base_url(server.base_url(partner))
        .timeout(Duration::from_secs(10))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_logs_debug_or_display() {
    static LOGGER: LogCapture = LogCapture;
    log::set_logger(&LOGGER).expect("the only logger");
    log::set_max_level(log::LevelFilter::Trace);
    tracing::subscriber::set_global_default(TraceCapture { next_id: 0.into() })
        .expect("the only subscriber");

    let server = PartnerServer::start().expect("the server starts");
    let mut shown: Vec<String> = Vec::new();

    // PortOne V2: login, refresh, a refused refresh and the login after it, a refused token
    // and the retry, a wrong secret.
    let v2 = portone_v2::client::Client::with_client(
        http(&server, Partner::V2),
        portone_v2::models::LoginViaApiSecretBody {
            api_secret: V2_API_SECRET.into(),
        },
    )
    .with_clock(server.clock());
    v2.access_token().await.expect("a V2 token");
    server.advance(ACCESS_LIFETIME);
    v2.access_token().await.expect("a refreshed V2 token");
    server.v2_login_elsewhere();
    server.advance(ACCESS_LIFETIME);
    v2.access_token()
        .await
        .expect("a V2 token after logging in again");
    let login = v2
        .login_via_api_secret(portone_v2::operations::LoginViaApiSecret::new(
            portone_v2::models::LoginViaApiSecretBody {
                api_secret: V2_API_SECRET.into(),
            },
        ))
        .await
        .expect("an explicit login");
    shown.push(format!("{login:?}"));
    let request = portone_v2::operations::RefreshToken::new(portone_v2::models::RefreshTokenBody {
        refresh_token: login.refresh_token.clone(),
    });
    shown.push(format!("{request:?}"));
    shown.push(format!("{:?}", request.clone().build().expect("it builds")));
    let wrong = portone_v2::client::Client::with_client(
        http(&server, Partner::V2),
        portone_v2::models::LoginViaApiSecretBody {
            api_secret: "wrong-secret".into(),
        },
    );
    let error = wrong.access_token().await.expect_err("a wrong secret");
    shown.push(format!("{error:?} {error}"));
    shown.push(format!("{v2:?}"));

    // PortOne V1: getToken, a lookup, a 401 and the retry, a 5xx.
    let v1 = portone_v1::client::Client::with_client(
        http(&server, Partner::V1),
        portone_v1::models::GetTokenRequest {
            imp_key: V1_IMP_KEY.to_owned(),
            imp_secret: V1_IMP_SECRET.into(),
        },
    );
    let lookup =
        || v1.get_payment_by_imp_uid(portone_v1::operations::GetPaymentByImpUid::new("imp_1"));
    lookup().await.expect("a lookup");
    server.revoke_access_tokens();
    server.advance(ACCESS_LIFETIME);
    lookup().await.expect("a lookup after the retry");
    server.fail_next(Fault::Status(500));
    let error = lookup().await.expect_err("a 5xx");
    shown.push(format!("{error:?} {error}"));
    shown.push(format!("{v1:?}"));

    // Archisketch: a login and a refused one.
    let sketch = |token: &str| {
        archisketch::client::Client::with_client(
            http(&server, Partner::Archisketch),
            archisketch::models::LoginRequest {
                access_key: Some(ARCHISKETCH_ACCESS_KEY.into()),
                verify_token: Some(token.into()),
            },
        )
    };
    let ok = sketch(ARCHISKETCH_VERIFY_TOKEN);
    let token = ok.access_token().await.expect("an Archisketch token");
    shown.push(format!("{token:?}"));
    shown.push(format!("{ok:?}"));
    let error = sketch("wrong")
        .access_token()
        .await
        .expect_err("a refused login");
    shown.push(format!("{error:?} {error}"));

    let captured = CAPTURED.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(
        captured.iter().any(|line| line.contains("127.0.0.1")),
        "the capture must see the HTTP stack's records: {captured:#?}"
    );
    let secrets = server.secrets();
    assert!(secrets.len() >= 10, "the server issued tokens: {secrets:?}");
    for text in captured.iter().chain(&shown) {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a secret ({} bytes) shows in: {text}",
                secret.len()
            );
        }
    }
}

#[test]
fn a_body_that_does_not_decode_shows_none_of_its_strings() {
    // The token object came as a bare string: the decoder's message quotes it.
    let body = r#"{"result":"SUCCESS","data":{"token":"eyJ.leaked-access-token.sig"}}"#;
    let response = oapigen_tests::response(200, body);
    let error = archisketch::operations::SsoLogin::parse_response(response)
        .expect_err("the body does not match the spec");
    let shown = format!("{error:?} {error}");
    assert!(
        shown.contains("expected struct"),
        "the reason stays: {shown}"
    );
    oapigen_tests::assert_hides(&shown, &["leaked-access-token"]);
    // An unknown tag of a tagged union is left out too.
    let body = r#"{"type":"tag-with-secret-9x","message":"m"}"#;
    let error =
        portone_v2::operations::RefreshToken::parse_response(oapigen_tests::response(401, body))
            .expect_err("an unknown error type");
    let shown = format!("{error:?} {error}");
    oapigen_tests::assert_hides(&shown, &["tag-with-secret-9x"]);
}
