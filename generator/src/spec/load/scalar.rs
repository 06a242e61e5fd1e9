//! What a YAML scalar means in JSON: plain (unquoted) scalars are resolved by YAML 1.2's core
//! schema, as values and as mapping keys.

use std::borrow::Cow;

use serde_json::{Number, Value};

/// What an untagged plain (unquoted) scalar means, by YAML 1.2's core schema as `serde_yaml`
/// read it: also `0b` binary integers, and a decimal with a leading zero (`0123`) is a string.
#[derive(Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(Number),
    /// A floating-point number, or an integer outside 64 bits.
    Float(f64),
    Str,
}

fn plain(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Plain::Str;
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = if let Some(d) = unsigned.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = unsigned.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = unsigned.strip_prefix("0b") {
        (2, d)
    } else {
        (10, unsigned)
    };
    if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
        if radix == 10 && digits.len() > 1 && digits.starts_with('0') {
            return Plain::Str;
        }
        return match u64::from_str_radix(digits, radix) {
            Ok(u) if !negative => Plain::Int(Number::from(u)),
            Ok(u) if u <= 1 << 63 => Plain::Int(Number::from(0_i64.wrapping_sub_unsigned(u))),
            // Outside 64 bits: the nearest f64.
            _ if radix == 10 => text.parse().map_or(Plain::Str, Plain::Float),
            _ => {
                let magnitude = digits.chars().fold(0.0, |f, c| {
                    f * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
                });
                Plain::Float(if negative { -magnitude } else { magnitude })
            }
        };
    }
    if is_core_float(unsigned) {
        if let Ok(f) = text.parse() {
            return Plain::Float(f);
        }
    }
    Plain::Str
}

/// Whether an unsigned text is a float of the core schema:
/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`.
fn is_core_float(text: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let whole = digits(text);
    let mut rest = &text[whole..];
    let mut fraction = 0;
    if let Some(after) = rest.strip_prefix('.') {
        fraction = digits(after);
        rest = &after[fraction..];
    } else if whole == 0 {
        return false;
    }
    if whole == 0 && fraction == 0 {
        return false;
    }
    if let Some(exponent) = rest.strip_prefix(['e', 'E']) {
        let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
        return !exponent.is_empty() && digits(exponent) == exponent.len();
    }
    rest.is_empty()
}

/// A scalar's value: text when quoted, a block scalar or tagged `!!str`, else what its plain
/// text means; `None` for a number JSON cannot hold (`.inf`, `.nan`, `1e400`).
pub(super) fn scalar(text: &str, as_text: bool) -> Option<Value> {
    if as_text {
        return Some(Value::String(text.to_owned()));
    }
    Some(match plain(text) {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(b),
        Plain::Int(n) => Value::Number(n),
        Plain::Float(f) => Value::Number(Number::from_f64(f)?),
        Plain::Str => Value::String(text.to_owned()),
    })
}

/// A plain scalar as a mapping key: integers in decimal (`200`, and `0x10` is `16`), booleans
/// and null by name, anything else as written.
pub(super) fn plain_key(text: Cow<'_, str>) -> String {
    match plain(&text) {
        Plain::Null => "null".to_owned(),
        Plain::Bool(b) => b.to_string(),
        Plain::Int(n) => n.to_string(),
        Plain::Float(_) | Plain::Str => text.into_owned(),
    }
}
