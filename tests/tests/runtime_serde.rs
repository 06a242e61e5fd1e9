//! The runtime's serde glue, as generated code uses it: the enum macros (serde and `Display`
//! through the wire values an enum's `match`es list, any other value kept in the catch-all
//! variant), `ObjectWriter` (a request property left out, sent as `null`, or sent with a
//! value) and `Object` (reading a struct key by key).

#[macro_use]
// The tests crate has no `client` feature: the runtime's client half is left out here.
#[allow(dead_code, unused_imports, unused_macros, unexpected_cfgs)]
#[path = "../../generator/runtime/mod.rs"]
mod runtime;

/// A priority, written as the `enums` fixture's `Priority` is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Minus1,
    V0,
    V10,
    Unknown(i64),
}

impl Priority {
    pub fn value(self) -> i64 {
        match self {
            Self::Minus1 => -1,
            Self::V0 => 0,
            Self::V10 => 10,
            Self::Unknown(value) => value,
        }
    }
}

impl From<i64> for Priority {
    fn from(value: i64) -> Self {
        match value {
            -1 => Self::Minus1,
            0 => Self::V0,
            10 => Self::V10,
            other => Self::Unknown(other),
        }
    }
}

int_enum!(Priority);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Low,
    High,
    Other(String),
}

impl Level {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Low => "low",
            Self::High => "high",
            Self::Other(value) => value,
        }
    }
}

impl From<&str> for Level {
    fn from(value: &str) -> Self {
        match value {
            "low" => Self::Low,
            "high" => Self::High,
            _ => Self::Other(value.to_owned()),
        }
    }
}

string_enum!(Level);

#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Task {
    priority: Priority,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backup: Option<Priority>,
    level: Level,
}

#[test]
fn integer_enums_decode_listed_and_unlisted_values() {
    for (json, expected) in [
        ("-1", Priority::Minus1),
        ("0", Priority::V0),
        ("10", Priority::V10),
        ("7", Priority::Unknown(7)),
        ("-9223372036854775808", Priority::Unknown(i64::MIN)),
    ] {
        let value: Priority = serde_json::from_str(json).expect(json);
        assert_eq!(value, expected, "{json}");
        assert_eq!(serde_json::to_string(&value).expect("serialises"), json);
        assert_eq!(value.to_string(), json);
        assert_eq!(Priority::from(value.value()), value);
    }
    assert!(
        serde_json::from_str::<Priority>(r#""10""#).is_err(),
        "a string is no integer"
    );
    assert!(serde_json::from_str::<Priority>("1.5").is_err());
}

#[test]
fn string_enums_decode_listed_and_unlisted_values() {
    for (json, expected) in [
        (r#""low""#, Level::Low),
        (r#""high""#, Level::High),
        (r#""urgent""#, Level::Other("urgent".to_owned())),
        (r#""h\u0069gh""#, Level::High),
    ] {
        let value: Level = serde_json::from_str(json).expect(json);
        assert_eq!(value, expected, "{json}");
        // Read from an owned value too (what untagged unions and flattened maps buffer).
        let owned: serde_json::Value = serde_json::from_str(json).expect(json);
        assert_eq!(
            serde_json::from_value::<Level>(owned).expect(json),
            expected
        );
    }
    assert_eq!(Level::from("low".to_owned()), Level::Low);
    assert_eq!(Level::High.to_string(), "high");
    assert!(
        serde_json::from_str::<Level>("1").is_err(),
        "a number is no string"
    );
}

#[test]
fn enums_inside_a_model_round_trip() {
    let task: Task =
        serde_json::from_str(r#"{"priority":42,"level":"urgent"}"#).expect("an unknown value");
    assert_eq!(
        task,
        Task {
            priority: Priority::Unknown(42),
            backup: None,
            level: Level::Other("urgent".to_owned()),
        }
    );
    let task = Task {
        priority: Priority::Minus1,
        backup: Some(Priority::V10),
        level: Level::High,
    };
    let json = serde_json::to_string(&task).expect("serialises");
    assert_eq!(json, r#"{"priority":-1,"backup":10,"level":"high"}"#);
    assert_eq!(serde_json::from_str::<Task>(&json).expect("parses"), task);
}

/// As the `nullable` fixture's `AccountPatch` is generated.
#[derive(Debug, Default, PartialEq)]
struct AccountPatch {
    nickname: Option<Option<String>>,
    email: Option<String>,
}

impl serde::Serialize for AccountPatch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = runtime::ObjectWriter::new(serializer)?;
        object.optional("nickname", &self.nickname);
        object.optional("email", &self.email);
        object.end()
    }
}

impl runtime::FromObject for AccountPatch {
    fn from_object<'de, A: serde::de::MapAccess<'de>>(
        mut map: runtime::Object<'de, A>,
    ) -> Result<Self, A::Error> {
        let mut nickname: Option<Option<String>> = None;
        let mut email: Option<Option<String>> = None;
        while let Some(key) = map.next_key()? {
            match key.as_str() {
                "nickname" => map.present_field(&mut nickname, "nickname"),
                "email" => map.field(&mut email, "email"),
                _ => map.skip_value(),
            }?;
        }
        Ok(Self {
            nickname,
            email: email.unwrap_or_default(),
        })
    }
}

from_object!(AccountPatch);

/// A received struct as generated: a required field, a required nullable one, an optional
/// one under another wire name, and extra properties.
#[derive(Debug, PartialEq)]
struct Order {
    id: String,
    note: Option<String>,
    total_cents: Option<i64>,
    additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
}

impl runtime::FromObject for Order {
    fn from_object<'de, A: serde::de::MapAccess<'de>>(
        mut map: runtime::Object<'de, A>,
    ) -> Result<Self, A::Error> {
        let mut id = None;
        let mut note = None;
        let mut total_cents = None;
        let mut additional_properties: std::collections::BTreeMap<String, serde_json::Value> =
            Default::default();
        while let Some(key) = map.next_key()? {
            match key.as_str() {
                "id" => map.field(&mut id, "id")?,
                "note" => map.field(&mut note, "note")?,
                "totalCents" => map.field(&mut total_cents, "totalCents")?,
                _ => map.extra(&mut additional_properties, key)?,
            }
        }
        Ok(Self {
            id: runtime::required(id, "id")?,
            note: runtime::required(note, "note")?,
            total_cents: total_cents.unwrap_or_default(),
            additional_properties,
        })
    }
}

from_object!(Order);

#[test]
fn a_struct_is_read_key_by_key() {
    let text = r#"{"id": "o_1", "note": null, "totalCents": 250, "gift": true, "tags": ["a"]}"#;
    let order: Order = serde_json::from_str(text).expect("an order");
    assert_eq!(order.id, "o_1");
    assert_eq!(order.note, None);
    assert_eq!(order.total_cents, Some(250));
    let extra: Vec<&str> = order
        .additional_properties
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(extra, ["gift", "tags"]);
    // From a JSON value (as a union reads its variants), and with an escaped key, which
    // serde_json cannot lend.
    let value = serde_json::json!({ "id": "o_2", "note": "hi" });
    let order: Order = serde_json::from_value(value).expect("an order from a value");
    assert_eq!(
        (order.id.as_str(), order.note.as_deref()),
        ("o_2", Some("hi"))
    );
    let order: Order = serde_json::from_str(r#"{"\u0069d": "o_3"}"#).expect("escaped key");
    assert_eq!(order.id, "o_3");
    // A required nullable property left out is `None`, as serde's derive reads it.
    assert_eq!(order.note, None);
}

#[test]
fn what_a_struct_cannot_be_read_from_is_an_error() {
    let error = |text: &str| match serde_json::from_str::<Order>(text) {
        Ok(order) => panic!("read {order:?} from {text}"),
        Err(e) => e.to_string(),
    };
    assert!(error(r#"{"note": "x"}"#).contains("missing field `id`"));
    assert!(error(r#"{"id": "a", "id": "b"}"#).contains("duplicate field `id`"));
    assert!(error(r#"{"id": 7}"#).contains("invalid type: integer `7`"));
    assert!(error(r#"["o_1", null]"#).contains("expected struct Order"));
}

#[test]
fn explicit_null_keeps_left_out_and_null_apart() {
    let cases = [
        (AccountPatch::default(), "{}"),
        (
            AccountPatch {
                nickname: Some(None),
                ..AccountPatch::default()
            },
            r#"{"nickname":null}"#,
        ),
        (
            AccountPatch {
                nickname: Some(Some("kim".to_owned())),
                email: Some("a@example.com".to_owned()),
            },
            r#"{"nickname":"kim","email":"a@example.com"}"#,
        ),
    ];
    for (patch, json) in cases {
        assert_eq!(serde_json::to_string(&patch).expect("serialises"), json);
        assert_eq!(
            serde_json::from_str::<AccountPatch>(json).expect("parses"),
            patch,
            "{json}"
        );
    }
}

/// A sent struct with a required nullable field, extra properties, and two fields that can fail
/// to write, as generated code hands them to `ObjectWriter`.
struct Note {
    id: Option<String>,
    text: Unwritable,
    title: Unwritable,
    extra: std::collections::BTreeMap<String, i64>,
}

/// A value whose writing fails with its message, when it has one.
struct Unwritable(Option<&'static str>);

impl serde::Serialize for Unwritable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(message) => Err(serde::ser::Error::custom(message)),
            None => serializer.serialize_str("fine"),
        }
    }
}

impl serde::Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = runtime::ObjectWriter::new(serializer)?;
        object.field("id", &self.id);
        object.field("text", &self.text);
        object.field("title", &self.title);
        object.extra(&self.extra);
        object.end()
    }
}

#[test]
fn an_object_writer_writes_fields_then_extra_properties_and_keeps_the_first_error() {
    let extra = [("b".to_owned(), 2), ("a".to_owned(), 1)].into();
    let note = Note {
        id: None,
        text: Unwritable(None),
        title: Unwritable(None),
        extra,
    };
    assert_eq!(
        serde_json::to_string(&note).expect("serialises"),
        r#"{"id":null,"text":"fine","title":"fine","a":1,"b":2}"#
    );
    let broken = Note {
        text: Unwritable(Some("cannot write the text")),
        title: Unwritable(Some("cannot write the title")),
        ..note
    };
    let error = serde_json::to_string(&broken).expect_err("the text cannot be written");
    assert_eq!(error.to_string(), "cannot write the text");
}
