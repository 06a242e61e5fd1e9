//! Sound derives: a model that derives a serde trait holds only models that derive it too, in
//! every spec we have (the workspace's, the fixtures, the public corpus), so no derive can fail
//! to compile however the "as-used" rule decides.

use std::path::Path;

use oapigen::{ApiInput, ApiSettings, Source};
use oapigen_tests::workspace_root;

/// The gaps of one spec, or why it could not be read.
fn gaps(name: &str, path: &Path, settings: ApiSettings) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let source = Source::new(name, text);
    let base = path.parent().unwrap_or(path).to_path_buf();
    let files = oapigen::gather_files(&source, |p| {
        std::fs::read_to_string(workspace_root().join(p))
            .or_else(|_| std::fs::read_to_string(base.join(p)))
            .map_err(|e| e.to_string())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut input = ApiInput::new(source, settings);
    input.files = files;
    // Lowering refuses a gap as an internal error, so a spec that fails is a finding too.
    match oapigen::parse_api(&input) {
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
    let mut problems = Vec::new();
    let mut checked = 0;
    for input in xtask::read_inputs(&root).expect("the specs are readable") {
        let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
        problems.extend(api.derive_gaps().into_iter().map(|g| format!("{g:?}")));
        checked += 1;
    }
    let fixtures = root.join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("the fixtures exist")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
        .collect();
    names.sort();
    for name in names {
        let settings = xtask::fixture_settings(&root, &name, "fixture").expect("fixture settings");
        let path = fixtures.join(&name);
        problems.extend(gaps(&format!("tests/fixtures/{name}"), &path, settings));
        checked += 1;
    }
    // The public corpus sits beside the workspace; CI has it, a vendored copy may not.
    let corpus = xtask::corpus::corpus_specs(&root).unwrap_or_default();
    for path in corpus {
        let name = path.display().to_string();
        problems.extend(gaps(&name, &path, ApiSettings::new(&name, "api")));
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} specs checked");
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
