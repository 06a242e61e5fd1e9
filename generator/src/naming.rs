//! Every Rust name the generator emits is decided here: case conversion with heck, keyword
//! escaping, names that do not start like an identifier, and collisions.
//!
//! Collisions are resolved by one fixed rule: in a namespace, names are claimed in spec order,
//! and a name already taken gets the first free numeric suffix (`Pet`, `Pet2`; `user_id`,
//! `user_id_2`). The result depends only on the spec, never on hash order.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use unicode_ident::{is_xid_continue, is_xid_start};
use unicode_security::GeneralSecurityProfile;

/// Rust's strict and reserved keywords (2024 edition), which need `r#` as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either; they get a trailing underscore.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names from Rust's prelude that generated code uses unqualified when no generated type
/// shadows them, each with the full path it uses when one does.
pub const PRELUDE_TYPES: &[(&str, &str)] = &[
    ("Option", "::std::option::Option"),
    ("Result", "::std::result::Result"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("Box", "::std::boxed::Box"),
    ("Into", "::std::convert::Into"),
    ("AsRef", "::std::convert::AsRef"),
    ("From", "::std::convert::From"),
];

/// Keeps the characters that may appear in an identifier, and turns the rest into word breaks.
/// Unicode's XID properties decide, as they do for rustc: `²`, `½` or `Ⓐ` are alphanumeric but
/// no identifier may hold them.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if allowed(c) { c } else { ' ' })
        .collect()
}

/// Whether an identifier may hold `c` without a warning: XID, and, beyond ASCII, allowed in
/// identifiers by Unicode's security profile (UTS #39), which rustc's `uncommon_codepoints`
/// lint follows. Hangul or Cyrillic letters are; a modifier letter like `ʿ` is not.
fn allowed(c: char) -> bool {
    is_xid_continue(c) && (c.is_ascii() || GeneralSecurityProfile::identifier_allowed(c))
}

/// Makes a name valid as an identifier: a name that is empty gets `fallback`, and one that does
/// not start with a letter or underscore gets `prefix` in front. Characters that case
/// conversion made and no identifier may hold are dropped.
fn identifier(name: String, prefix: &str, fallback: &str) -> String {
    let name: String = name.chars().filter(|c| allowed(*c)).collect();
    match name.chars().next() {
        None => fallback.to_owned(),
        Some(c) if is_xid_start(c) || c == '_' => name,
        Some(_) => format!("{prefix}{name}"),
    }
}

/// A type or variant name: `UpperCamelCase`.
pub fn type_name(raw: &str) -> String {
    let name = identifier(words(raw).to_upper_camel_case(), "T", "Unnamed");
    escape(name)
}

/// An enum variant name for a wire value: `UpperCamelCase`, `V` before a leading digit.
pub fn variant_name(raw: &str) -> String {
    // A sign would vanish as punctuation: `+1` and `-1` must not both become `V1`.
    let signed = match raw.as_bytes() {
        [b'+', d, ..] if d.is_ascii_digit() => format!("Plus{}", &raw[1..]),
        [b'-', d, ..] if d.is_ascii_digit() => format!("Minus{}", &raw[1..]),
        _ => raw.to_owned(),
    };
    let name = identifier(words(&signed).to_upper_camel_case(), "V", "Empty");
    escape(name)
}

/// A field, parameter or method name: `snake_case`.
pub fn field_name(raw: &str) -> String {
    let name = identifier(words(raw).to_snake_case(), "_", "value");
    escape(name)
}

/// Escapes a keyword: `type` becomes `r#type`, `self` becomes `self_`.
fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A Cargo package name from a file name: `stripe-spec3.json` gives `stripe-spec3`.
pub fn crate_name(file_name: &str) -> String {
    let stem = file_name.rsplit('/').next().unwrap_or(file_name);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    // `airport-&-city` is `airport-city`: a run of separators is one.
    let name = name
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

/// The name without its `r#`, as it is used to build other names.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A set of names in one scope (a module's types, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `name`, or, if it is taken, the same name with the first free numeric suffix.
    /// Snake-case names get the suffix after an underscore.
    pub fn claim(&mut self, name: &str) -> String {
        let name = name.to_owned();
        if self.taken.insert(bare(&name).to_owned()) {
            return name;
        }
        // `Self_` (a keyword made a name) numbers as `Self2`, not `Self_2`, which rustc's
        // case lints refuse; `self_` as `self_2`.
        let base = bare(&name).trim_end_matches('_');
        let separator = if base.starts_with(|c: char| c.is_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }
}

/// Whether `name` is a lowercase Rust identifier that needs no escaping: ASCII letters, digits
/// and `_`, starting with a letter, and not a keyword.
pub fn is_plain_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && is_snake_case(name)
        && !KEYWORDS.contains(&name)
}

/// Whether `name` is made of lowercase ASCII letters, digits and `_`, starts with a letter or
/// `_`, and is not `_` alone.
fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name != "_"
}

/// Why `name` cannot name an API's module, if it cannot: a module name is a lowercase Rust
/// identifier (`portone_v2`), not a keyword, and not a name the generated crate uses itself.
pub fn module_name_problem(name: &str) -> Option<String> {
    if !is_snake_case(name) {
        Some(format!(
            "`{name}` cannot name a module: use lowercase letters, digits and `_`, starting \
             with a letter (`petstore`, `portone_v2`)"
        ))
    } else if KEYWORDS.contains(&name) {
        Some(format!(
            "`{name}` cannot name a module: it is a Rust keyword"
        ))
    } else if ["runtime", "prelude"].contains(&name) {
        Some(format!(
            "`{name}` cannot name a module: the generated crate has its own `{name}` module"
        ))
    } else {
        None
    }
}

/// The names of the async client's own methods, which no operation's method may take.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_client",
    "with_clock",
    "http",
    "access_token",
    "send_authorized",
    "login",
    "refresh",
    "clone",
    "fmt",
];

/// The name of the client method that sends the operation whose builder is `builder`.
pub fn method_name(builder: &str) -> String {
    field_name(&builder.to_snake_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_checked() {
        for good in ["api", "petstore", "portone_v2", "_private"] {
            assert_eq!(module_name_problem(good), None, "{good}");
        }
        for bad in [
            "", "my-api", "1api", "Api", "type", "runtime", "prelude", "_",
        ] {
            assert!(module_name_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn numbered_names_keep_their_case_style() {
        let mut names = Namespace::default();
        let claimed: Vec<String> = [
            "Self_", "Self_", "self_", "self_", "Pet", "Pet", "pet", "pet",
        ]
        .iter()
        .map(|n| names.claim(n))
        .collect();
        assert_eq!(
            claimed,
            [
                "Self_", "Self2", "self_", "self_2", "Pet", "Pet2", "pet", "pet_2"
            ]
        );
    }

    #[test]
    fn type_names() {
        let cases = [
            ("OAuthResponse", "OAuthResponse"),
            ("ApiResponseOAuthResponse", "ApiResponseOAuthResponse"),
            ("login_via_api_secret", "LoginViaApiSecret"),
            ("payment.scheduled", "PaymentScheduled"),
            ("2fa-status", "T2faStatus"),
            ("", "Unnamed"),
            ("Self", "Self_"),
            ("결제", "결제"),
            ("Option", "Option"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let cases = [
            ("accessKey", "access_key"),
            ("imp_uid", "imp_uid"),
            ("X-ImpTokenHeader", "x_imp_token_header"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("1st", "_1st"),
            ("", "value"),
            ("$ref", "r#ref"),
            ("imageUrl", "image_url"),
        ];
        for (raw, expected) in cases {
            assert_eq!(field_name(raw), expected, "field_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let cases = [
            ("SUCCESS", "Success"),
            ("INVALID_REQUEST", "InvalidRequest"),
            ("payment.scheduled", "PaymentScheduled"),
            ("1", "V1"),
            ("", "Empty"),
            ("self", "Self_"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("-", "Empty"),
            ("a²", "A"),
            ("½x", "X"),
            ("Ⓐ", "Empty"),
            ("결제완료", "결제완료"),
        ];
        for (raw, expected) in cases {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
    }

    #[test]
    fn crate_names() {
        assert_eq!(crate_name("stripe-spec3.json"), "stripe-spec3");
        assert_eq!(crate_name("dir/oai_petstore 3.0.yaml"), "oai-petstore-3-0");
        assert_eq!(crate_name("2fa.yaml"), "api-2fa");
        assert_eq!(
            crate_name("airport-&-city-search.json"),
            "airport-city-search"
        );
        assert_eq!(
            crate_name("Orders-API-(PII-version).json"),
            "orders-api-pii-version"
        );
    }

    #[test]
    fn collisions_get_numeric_suffixes_in_claim_order() {
        let mut types = Namespace::default();
        assert_eq!(types.claim("Pet"), "Pet");
        assert_eq!(types.claim("Pet"), "Pet2");
        assert_eq!(types.claim("Pet"), "Pet3");
        let mut fields = Namespace::with_reserved(&["body"]);
        assert_eq!(fields.claim("user_id"), "user_id");
        assert_eq!(fields.claim("user_id"), "user_id_2");
        assert_eq!(fields.claim("body"), "body_2");
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
    }
}
