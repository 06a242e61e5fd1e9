//! Snapshots a reviewer reads beside `generated/`: the API surface of each spec (every type,
//! field, variant and builder with its Rust type and wire name), and the generated code of small
//! fixture specs that each pin one construct.

use oapigen::{ApiInput, Source};
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

/// A fixture's input, with the other files it names.
fn fixture_input(file: &str) -> ApiInput {
    let path = workspace_root().join("tests/fixtures").join(file);
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let source = Source::new(format!("tests/fixtures/{file}"), text);
    // Fixtures split over several files name the others relative to the workspace root.
    let files = oapigen::gather_files(&source, |path| {
        std::fs::read_to_string(workspace_root().join(path)).map_err(|e| e.to_string())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let settings = xtask::fixture_settings(&workspace_root(), file, "fixture")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut input = ApiInput::new(source, settings);
    input.files = files;
    input
}

/// The generated models and operations of a fixture, as one text.
fn fixture_code(file: &str) -> String {
    let input = fixture_input(file);
    let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
    let files = oapigen::generate_module(&api, "cargo test").unwrap_or_else(|e| panic!("{e}"));
    files
        .iter()
        .map(|f| format!("==> {} <==\n{}", f.path, f.contents))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every fixture in `tests/fixtures/` (not `bad/`) has its code snapshotted as
/// `fixture_<name>`; a new fixture needs no new test.
#[test]
fn every_fixture_code() {
    let dir = workspace_root().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixtures exist")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "only {} fixtures", names.len());
    for name in names {
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        insta::assert_snapshot!(format!("fixture_{stem}"), fixture_code(&name));
    }
}

/// Every Swagger 2.0 fixture (`swagger2-*`) has the OpenAPI 3.0 document it upgrades to
/// snapshotted as `upgrade_<name>`, beside its code: the upgrade is reviewed as a translation.
#[test]
fn every_swagger2_fixture_upgrade() {
    let dir = workspace_root().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixtures exist")
        .filter_map(|e| e.expect("a directory entry").file_name().into_string().ok())
        .filter(|name| name.starts_with("swagger2-"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 8,
        "only {} Swagger 2.0 fixtures",
        names.len()
    );
    for name in names {
        let (document, warnings) =
            oapigen::upgraded_document(&fixture_input(&name)).unwrap_or_else(|e| panic!("{e}"));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let text = serde_json::to_string_pretty(&document).expect("JSON");
        assert!(document["openapi"] == "3.0.3", "{name} was not upgraded");
        insta::assert_snapshot!(format!("upgrade_{stem}"), text);
    }
}

/// The crate of `groups.yaml` alone: its Cargo features, and the `#[cfg]` each item of its
/// modules compiles under (none: with the module), one line per item, file by file. An item in
/// a group's file (`models/pets.rs`) compiles under the `#[cfg]` of that file's `mod`.
#[test]
fn fixture_groups_features() {
    let api = oapigen::parse_api(&fixture_input("groups.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let settings = oapigen::CrateSettings {
        name: "groups".to_owned(),
        version: "0.0.0".to_owned(),
        description: "groups.yaml".to_owned(),
        regenerate_command: "cargo test".to_owned(),
        own_workspace: true,
        group_features: true,
    };
    let files = oapigen::generate_crate_from(&settings, std::slice::from_ref(&api))
        .unwrap_or_else(|e| panic!("{e}"));
    let manifest = &files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("a manifest")
        .contents;
    let mut out: Vec<String> = manifest
        .lines()
        .skip_while(|line| *line != "[features]")
        .take_while(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    let dir = format!("src/{}/", api.module);
    // The `#[cfg]` of each group's file, by its path in the module's folder.
    let mut file_cfgs = std::collections::BTreeMap::new();
    for file in &files {
        let Some(name) = file.path.strip_prefix(&dir) else {
            continue;
        };
        if name == "mod.rs" {
            continue;
        }
        let cfg = file_cfgs.get(name).cloned().unwrap_or_default();
        out.push(format!("\n{name}"));
        let mut item_cfg = String::new();
        for raw in file.contents.lines() {
            let line = raw.trim();
            if line.starts_with("#[cfg(") {
                item_cfg = line.to_owned();
            } else if let Some(module) = line.strip_prefix("mod ") {
                let stem = name.trim_end_matches(".rs");
                let path = format!("{stem}/{}.rs", module.trim_end_matches(';'));
                out.push(format!("mod {path}: {item_cfg}"));
                file_cfgs.insert(path, item_cfg.clone());
            } else if let Some(item) = ["pub struct ", "pub enum ", "pub type ", "pub async fn "]
                .iter()
                .find_map(|start| line.strip_prefix(start))
            {
                let name: String = item
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let under = if item_cfg.is_empty() { &cfg } else { &item_cfg };
                out.push(format!(
                    "{name}: {}",
                    if under.is_empty() { "always" } else { under }
                ));
            } else if !item_cfg.is_empty()
                && raw.starts_with(' ')
                && !line.starts_with("#[")
                && !line.starts_with("///")
            {
                // A part of an item with a cfg of its own: a link's field, variant, reader or
                // match arm.
                out.push(format!("    {item_cfg} {line}"));
            }
            if !line.starts_with("#[") && !line.starts_with("///") {
                item_cfg.clear();
            }
        }
    }
    insta::assert_snapshot!(out.join("\n"));
}
