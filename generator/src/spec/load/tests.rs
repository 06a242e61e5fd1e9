//! The loader on small texts: YAML constructs, numbers in YAML and JSON, errors and their
//! places, and how a format is detected.

use super::*;

use serde_json::json;

fn yaml(text: &str) -> Result<Value, Diagnostic> {
    load(&Source::new("a.yaml", text))
}

fn yaml_error(text: &str) -> Diagnostic {
    yaml(text).expect_err("the YAML is refused")
}

fn line_column(d: &Diagnostic) -> (Option<usize>, Option<usize>) {
    (d.location.line, d.location.column)
}

#[test]
fn yaml_numeric_keys_become_strings() {
    let source = Source::new("a.yaml", "responses:\n  200:\n    description: ok\n");
    let value = load(&source).unwrap();
    assert_eq!(value["responses"]["200"]["description"], "ok");
}

#[test]
fn yaml_scalar_keys_become_strings() {
    let value = yaml("200: a\ntrue: b\n~: c\n0x1F: d\n1.5: e\n'007': f\n").unwrap();
    assert_eq!(
        value,
        json!({"200": "a", "true": "b", "null": "c", "31": "d", "1.5": "e", "007": "f"})
    );
    let error = yaml_error("a:\n  [1, 2]: x\n");
    assert!(error.message.contains("a mapping key must be"), "{error}");
    assert_eq!(line_column(&error), (Some(2), Some(3)));
}

#[test]
fn yaml_plain_scalars_resolve_by_the_core_schema() {
    let value = yaml(
        "n: [~, null, Null, NULL]\nb: [true, False, yes, no, on]\n\
         i: [0, -0, +5, -12, 0x1F, -0x10, 0o17, 0b101, 0123, 1_000]\n\
         f: [1.5, -2.5e3, .5, 1e3, 1., inf, nan]\n\
         s: ['1', \"true\"]\nt: |\n  text\n",
    )
    .unwrap();
    assert_eq!(value["n"], json!([null, null, null, null]));
    assert_eq!(value["b"], json!([true, false, "yes", "no", "on"]));
    assert_eq!(
        value["i"],
        json!([0, 0, 5, -12, 31, -16, 15, 5, "0123", "1_000"])
    );
    assert_eq!(
        value["f"],
        json!([1.5, -2500.0, 0.5, 1000.0, 1.0, "inf", "nan"])
    );
    assert_eq!(value["s"], json!(["1", "true"]));
    assert_eq!(value["t"], "text\n");
}

#[test]
fn yaml_tags_are_ignored_and_their_values_kept() {
    let value =
        yaml("a: !custom 5\nb: !!str 5\nc: !thing {x: !!int 1}\nd: !!binary aGk=\n").unwrap();
    assert_eq!(value, json!({"a": 5, "b": "5", "c": {"x": 1}, "d": "aGk="}));
}

#[test]
fn yaml_anchors_and_aliases_are_resolved() {
    let value = yaml(
        "base: &base {type: string, enum: [a, b]}\nname: &n pet\n\
         copy: *base\nlist: [*n, *base]\n*n : key from an alias\n\
         &code 200: ok\ncode: *code\n",
    )
    .unwrap();
    assert_eq!(value["copy"], value["base"]);
    assert_eq!(
        value["list"],
        json!(["pet", {"type": "string", "enum": ["a", "b"]}])
    );
    assert_eq!(value["pet"], "key from an alias");
    assert_eq!(value["200"], "ok");
    assert_eq!(value["code"], 200);
    let error = yaml_error("a: &a [1, *a]\n");
    assert!(error.message.contains("invalid YAML"), "{error}");
}

#[test]
fn yaml_null_is_null() {
    assert_eq!(
        yaml("a: ~\nb: null\nc:\n").unwrap(),
        json!({"a": null, "b": null, "c": null})
    );
    assert_eq!(yaml("").unwrap(), Value::Null);
    assert_eq!(yaml("# only a comment\n").unwrap(), Value::Null);
}

#[test]
fn yaml_non_finite_numbers_are_refused_where_they_are() {
    for number in [".inf", "-.Inf", ".nan", "1e400"] {
        let error = yaml_error(&format!("a:\n  b: [1, {number}]\n"));
        assert_eq!(
            error.message,
            format!(
                "invalid YAML: the number `{number}` cannot be represented in JSON \
                 at line 2 column 10"
            )
        );
        assert_eq!(line_column(&error), (Some(2), Some(10)));
        assert_eq!(error.location.pointer, "/a/b/1");
    }
}

#[test]
fn numbers_outside_64_bits_are_read_as_floats_in_yaml_and_json() {
    let limits = "maximum: 18446744073709551616\nminimum: -9223372036854775809\n\
                  u: 18446744073709551615\ni: -9223372036854775808\nh: 0x10000000000000000\n";
    let value = yaml(limits).unwrap();
    assert_eq!(
        value["maximum"].as_f64(),
        Some(18_446_744_073_709_551_616.0)
    );
    assert!(value["maximum"].is_f64());
    assert_eq!(
        value["minimum"].as_f64(),
        Some(-9_223_372_036_854_775_809.0)
    );
    assert!(value["minimum"].is_f64());
    assert_eq!(value["u"].as_u64(), Some(u64::MAX));
    assert_eq!(value["i"].as_i64(), Some(i64::MIN));
    assert_eq!(value["h"].as_f64(), Some(18_446_744_073_709_551_616.0));

    // serde_json (without `arbitrary_precision`) reads such integers as f64 too.
    let json = load(&Source::new(
        "a.json",
        r#"{"maximum": 18446744073709551616, "minimum": -9223372036854775809,
            "u": 18446744073709551615, "i": -9223372036854775808}"#,
    ))
    .unwrap();
    assert_eq!(json["maximum"], value["maximum"]);
    assert_eq!(json["minimum"], value["minimum"]);
    assert_eq!(json["u"].as_u64(), Some(u64::MAX));
    assert_eq!(json["i"].as_i64(), Some(i64::MIN));

    let error = load(&Source::new("a.json", "{\"x\": 1e400}")).unwrap_err();
    assert!(error.message.starts_with("invalid JSON"), "{error}");
    assert_eq!(error.location.line, Some(1));
    let error = yaml_error("x: 1e400\n");
    assert!(
        error.message.contains("`1e400` cannot be represented"),
        "{error}"
    );
}

#[test]
fn yaml_syntax_errors_have_the_parsers_line_and_column() {
    let error = yaml_error("a: 1\nb: [1, 2\n");
    assert_eq!(
        error.to_string(),
        "a.yaml:2:4: error: invalid YAML: unclosed bracket '[' at line 2 column 4"
    );
    let error = yaml_error("a: b: c\n");
    assert!(error.message.starts_with("invalid YAML: "), "{error}");
    assert_eq!(line_column(&error), (Some(1), Some(5)));

    let error = yaml_error("a:\n\tb: 1\n");
    assert!(error.message.contains("tab"), "{error}");
    assert_eq!(error.location.line, Some(2));

    let error = yaml_error("a: \"never closed\n");
    assert_eq!(error.location.line, Some(1));
}

#[test]
fn yaml_duplicate_keys_are_refused_at_the_duplicate() {
    let error = yaml_error("paths:\n  /a: 1\n  /b: 2\n  /a: 3\n");
    assert_eq!(
        error.to_string(),
        "a.yaml:4:3 (at #/paths/~1a): error: invalid YAML: duplicate key `/a` in a mapping \
         at line 4 column 3"
    );
    // Keys are compared as the strings they become.
    let error = yaml_error("{200: a, '200': b}");
    assert_eq!(line_column(&error), (Some(1), Some(10)));
}

#[test]
fn yaml_alias_bomb_fails_fast() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=12 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let started = std::time::Instant::now();
    let error = yaml_error(&text);
    assert!(
        error.message.contains("repetition limit exceeded"),
        "{error}"
    );
    assert_eq!(error.location.line, Some(5));
    assert!(started.elapsed() < std::time::Duration::from_secs(2));

    // A document may copy anchors more than it is long, within the limit.
    let mut text = String::from("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
    for i in 0..1000 {
        text.push_str(&format!("b{i}: *a\n"));
    }
    assert_eq!(
        yaml(&text).unwrap()["b999"],
        json!([1, 2, 3, 4, 5, 6, 7, 8, 9])
    );
}

#[test]
fn deep_yaml_nesting_is_a_recursion_limit_error() {
    let depth = 10_000;
    let flow = format!("x: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let error = yaml_error(&flow);
    assert!(error.message.contains("recursion limit"), "{error}");
    assert_eq!(error.location.line, Some(1));

    let mut block = String::new();
    for level in 0..200 {
        block.push_str(&format!("{}k{level}:\n", " ".repeat(level)));
    }
    let error = yaml_error(&block);
    assert!(error.message.contains("recursion limit"), "{error}");

    let nested = format!("x: {}1{}\n", "[".repeat(100), "]".repeat(100));
    assert!(yaml(&nested).is_ok());
}

#[test]
fn a_second_yaml_document_is_an_error() {
    let error = yaml_error("openapi: 3.1.0\n---\nopenapi: 3.0.3\n");
    assert!(error.message.contains("a second document"), "{error}");
    assert_eq!(line_column(&error), (Some(2), Some(1)));
    // One document, with explicit start and end markers, is fine.
    assert_eq!(yaml("---\na: 1\n...\n").unwrap(), json!({"a": 1}));
}

#[test]
fn yaml_flow_collections_may_close_at_their_keys_indentation() {
    // Not strict YAML 1.2, but what libyaml (and so serde_yaml) read, and real specs have it.
    let text = "a:\n  example: {\n    \"80/tcp\": {}\n  }\n  list: [\n    {}\n  ]\n";
    assert_eq!(
        yaml(text).unwrap(),
        json!({"a": {"example": {"80/tcp": {}}, "list": [{}]}})
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let source = Source::new("a.json", "{\n  \"a\": ,\n}");
    let error = load(&source).unwrap_err();
    assert_eq!(error.location.line, Some(2));
    assert!(
        error.message.starts_with("invalid JSON"),
        "{}",
        error.message
    );
}

#[test]
fn format_is_detected_from_name_then_content() {
    assert_eq!(Format::detect("x.yml", "{"), Format::Yaml);
    assert_eq!(Format::detect("x", " {\"a\":1}"), Format::Json);
    assert_eq!(Format::detect("x", "a: 1"), Format::Yaml);
}

#[test]
fn json_error_columns_count_characters() {
    // serde_json counts bytes; `タイトル` is 12 bytes and 4 characters.
    let text = "{\"title\": \"タイトル\", \"version\": 1 x}";
    let error = load(&Source::new("a.json", text)).expect_err("the JSON is refused");
    let x = text.chars().position(|c| c == 'x').expect("the x") + 1;
    assert_eq!(line_column(&error), (Some(1), Some(x)));
    // An empty text is refused at line 1, column 1.
    let empty = load(&Source::new("a.json", "")).expect_err("nothing to read");
    assert_eq!(line_column(&empty), (Some(1), Some(1)));
}

#[test]
fn a_leading_byte_order_mark_is_not_part_of_the_text() {
    let json = load(&Source::new(
        "a.json",
        "\u{feff}{\"openapi\": \"3.0.3\", \"é\": 1 x}",
    ))
    .expect_err("the JSON is refused after its mark");
    // The mark is not counted: `x` is the 29th character after it.
    assert_eq!(line_column(&json), (Some(1), Some(29)), "{json}");
    let json = Source::new("a.json", "\u{feff}{\"openapi\": \"3.0.3\"}");
    assert_eq!(json.text, "{\"openapi\": \"3.0.3\"}");
    assert_eq!(load(&json).unwrap(), json!({"openapi": "3.0.3"}));
    // Without a name that says, the text after the mark says which format it is.
    assert_eq!(Source::new("spec", "\u{feff}{}").format, Format::Json);
    let yaml = Source::new("a.yaml", "\u{feff}openapi: 3.0.3\n");
    assert_eq!(load(&yaml).unwrap(), json!({"openapi": "3.0.3"}));
}

#[test]
fn a_json_error_inside_a_wide_character_is_at_that_character() {
    // serde_json stops on the first byte of `é` (2 bytes) and of `タ` (3 bytes): the caret
    // goes under the character, not the one before it.
    for (text, column) in [("{\"a\": é}", 7), ("[1, タ]", 5), ("{\"ab\":\n  é}", 3)] {
        let error = load(&Source::new("a.json", text)).expect_err("the JSON is refused");
        let line = text.lines().count();
        assert_eq!(line_column(&error), (Some(line), Some(column)), "{text}");
    }
}

#[test]
fn a_json_error_at_the_end_of_a_line_is_on_that_line() {
    // serde_json places the end of a line at column 0 of the next one.
    let text = "{\n  \"a\": 1,\n  \"é\": 1\n";
    let error = load(&Source::new("a.json", text)).expect_err("the object is not closed");
    assert_eq!(line_column(&error), (Some(3), Some(9)), "{error}");
    // The message does not repeat serde_json's place, which says otherwise.
    assert_eq!(error.message, "invalid JSON: EOF while parsing an object");
}
