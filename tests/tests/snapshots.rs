//! Snapshots a reviewer reads beside `generated/`: the API surface of each spec (every type,
//! field, variant and builder with its Rust type and wire name), and the generated code of small
//! fixture specs that each pin one construct.

use oapigen::{ApiInput, ApiSettings, Source};
use oapigen_tests::workspace_root;

fn spec_surface(folder: &str) -> String {
    let inputs = xtask::read_inputs(&workspace_root()).expect("the specs are readable");
    let input = inputs
        .iter()
        .find(|i| i.source.name.starts_with(&format!("specs/{folder}/")))
        .unwrap_or_else(|| panic!("no spec in specs/{folder}"));
    let api = oapigen::parse_api(input).unwrap_or_else(|e| panic!("{e}"));
    oapigen::surface(&api)
}

#[test]
fn archisketch_surface() {
    insta::assert_snapshot!(spec_surface("archisketch"));
}

#[test]
fn portone_v1_surface() {
    insta::assert_snapshot!(spec_surface("portone-v1"));
}

#[test]
fn portone_v2_surface() {
    insta::assert_snapshot!(spec_surface("portone-v2"));
}

#[test]
fn portone_v2_legacy_surface() {
    insta::assert_snapshot!(spec_surface("portone-v2-legacy"));
}

/// The generated models and operations of a fixture, as one text.
fn fixture_code(file: &str) -> String {
    let path = workspace_root().join("tests/fixtures").join(file);
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let input = ApiInput {
        source: Source::new(format!("tests/fixtures/{file}"), text),
        settings: ApiSettings::new(file, "fixture"),
    };
    let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
    let files = oapigen::generate_module(&api, "cargo test").unwrap_or_else(|e| panic!("{e}"));
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn fixture_nullable() {
    insta::assert_snapshot!(fixture_code("nullable.yaml"));
}

#[test]
fn fixture_union() {
    insta::assert_snapshot!(fixture_code("union.yaml"));
}

#[test]
fn fixture_formats() {
    insta::assert_snapshot!(fixture_code("formats.yaml"));
}

#[test]
fn fixture_operations() {
    insta::assert_snapshot!(fixture_code("operations.yaml"));
}
