//! Sound derives: a model that derives a serde trait holds only models that derive it too, in
//! every spec we have (the workspace's, the fixtures, the public corpus), so no derive can fail
//! to compile however the "as-used" rule decides.

use oapigen::{ApiInput, ApiSettings, Source};
use oapigen_tests::workspace_root;

/// The gaps of one spec, or why it could not be read. Lowering refuses a gap as an internal
/// error, so a spec that fails is a finding too.
fn gaps(input: &ApiInput) -> Vec<String> {
    let name = &input.source.name;
    match oapigen::parse_api(input) {
        Ok(api) => api
            .derive_gaps()
            .into_iter()
            .map(|(outer, inner, derive)| {
                format!("{name}: {outer} derives {derive}, {inner} does not")
            })
            .collect(),
        Err(e) => vec![format!("{name}: {e}")],
    }
}

#[test]
fn every_spec_derives_soundly() {
    let root = workspace_root();
    let mut inputs = xtask::read_inputs(&root).expect("the specs are readable");
    inputs.extend(xtask::fixture_inputs(&root).expect("the fixtures are readable"));
    // The public corpus sits beside the workspace; CI has it, a vendored copy may not.
    inputs.extend(
        xtask::corpus::corpus_inputs(&root)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, input)| input),
    );
    assert!(inputs.len() >= 20, "only {} specs checked", inputs.len());
    let problems: Vec<String> = inputs.iter().flat_map(gaps).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unused_schemas_and_what_they_hold_derive_both_ways() {
    let path = workspace_root().join("tests/fixtures/derives.yaml");
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let input = ApiInput::new(
        Source::new("derives.yaml", text),
        ApiSettings::new("derives.yaml", "api"),
    );
    let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
    let derives = |name: &str| {
        let def = api
            .types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        (def.serialize, def.deserialize)
    };
    assert_eq!(derives("Archive"), (true, true));
    assert_eq!(derives("ArchiveEntry"), (true, true));
    assert_eq!(derives("Upload"), (true, true));

    // Without the unused container, each derives only the way it is used.
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let without = text
        .split("    Archive:\n")
        .next()
        .expect("the fixture has Archive");
    let input = ApiInput::new(
        Source::new("derives.yaml", without),
        ApiSettings::new("derives.yaml", "api"),
    );
    let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
    let find = |name: &str| api.types.iter().find(|t| t.name == name).expect("the type");
    assert_eq!(
        (
            find("ArchiveEntry").serialize,
            find("ArchiveEntry").deserialize
        ),
        (false, true)
    );
    assert_eq!(
        (find("Upload").serialize, find("Upload").deserialize),
        (true, false)
    );
}
