//! The runtime's serde glue, as generated code uses it: the enum macros (serde and `Display`
//! through the wire values an enum's `match`es list, any other value kept in the catch-all
//! variant) and `explicit_null` (a request
//! property left out, sent as `null`, or sent with a value).

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
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct AccountPatch {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "runtime::explicit_null"
    )]
    nickname: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    email: Option<String>,
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
