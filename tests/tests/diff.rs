//! `oapigen diff`: pairs of spec versions under `tests/fixtures/diff/<case>/`, each with its
//! report snapshotted, and the kinds of change they cover counted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use oapigen::diff::{Format, Report, Severity};
use oapigen::{ApiInput, ApiSettings, Source};
use oapigen_tests::workspace_root;

fn input(path: &Path) -> ApiInput {
    let root = workspace_root();
    let name = path
        .strip_prefix(&root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let text = std::fs::read_to_string(path).expect("readable");
    ApiInput::new(
        Source::new(name.clone(), text),
        ApiSettings::new(name, "api"),
    )
}

/// Every case folder, with its old and new spec.
fn cases() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = workspace_root().join("tests/fixtures/diff");
    let mut cases: Vec<(String, PathBuf, PathBuf)> = std::fs::read_dir(&dir)
        .expect("the diff fixtures exist")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .map(|dir| {
            let find = |stem: &str| {
                ["yaml", "json"]
                    .iter()
                    .map(|ext| dir.join(format!("{stem}.{ext}")))
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| panic!("{} has no {stem}.yaml or .json", dir.display()))
            };
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            (name, find("old"), find("new"))
        })
        .collect();
    cases.sort();
    cases
}

fn report(old: &Path, new: &Path) -> Report {
    oapigen::diff::diff(&input(old), &input(new)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_case_report_is_snapshotted() {
    let cases = cases();
    assert!(cases.len() >= 6, "only {} diff cases", cases.len());
    for (name, old, new) in cases {
        let report = report(&old, &new);
        assert!(!report.changes.is_empty(), "{name} reports no change");
        insta::assert_snapshot!(format!("diff_{name}"), report.render(Format::Text, false));
    }
}

#[test]
fn the_cases_cover_at_least_thirty_kinds_of_change() {
    let kinds: BTreeSet<&'static str> = cases()
        .iter()
        .flat_map(|(_, old, new)| report(old, new).changes.into_iter().map(|c| c.kind))
        .collect();
    assert!(kinds.len() >= 30, "{} kinds: {kinds:?}", kinds.len());
}

#[test]
fn a_spec_compared_with_itself_has_no_change() {
    let root = workspace_root();
    let mut inputs: Vec<ApiInput> = [
        "specs/archisketch/openapi.json",
        "specs/portone-v1/openapi.yaml",
        "specs/portone-v2/openapi.yaml",
        "specs/portone-v2-legacy/openapi.yaml",
    ]
    .iter()
    .map(|spec| input(&root.join(spec)))
    .collect();
    // Every fixture, with its other files and settings (`look-alikes` has operations and
    // union variants that look alike), and both sides of every diff case.
    inputs.extend(xtask::fixture_inputs(&root).unwrap_or_else(|e| panic!("{e}")));
    for (_, old, new) in cases() {
        inputs.extend([input(&old), input(&new)]);
    }
    assert!(inputs.len() > 40, "only {} specs", inputs.len());
    for spec in &inputs {
        let report = oapigen::diff::diff(spec, spec).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.changes, vec![], "{}", spec.source.name);
    }
}

#[test]
fn the_realistic_updates_are_classified_as_a_client_sees_them() {
    let case = |name: &str| {
        let (_, old, new) = cases()
            .into_iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        report(&old, &new)
    };
    let has = |report: &Report, kind: &str, severity: Severity| {
        report
            .changes
            .iter()
            .any(|c| c.kind == kind && c.severity == severity)
    };
    let archisketch = case("archisketch-images");
    assert!(has(&archisketch, "operation-added", Severity::NonBreaking));
    assert!(has(&archisketch, "enum-value-added", Severity::Absorbed));
    assert!(!archisketch.has_breaking());

    let portone = case("portone-v2-error-variant");
    assert!(has(&portone, "union-variant-added", Severity::Breaking));

    assert!(has(
        &case("property-made-nullable"),
        "property-made-nullable",
        Severity::Breaking
    ));
    assert!(has(
        &case("required-request-property"),
        "request-property-added-required",
        Severity::Breaking
    ));
    let enums = case("enum-gains-value");
    assert!(has(&enums, "enum-value-added", Severity::Absorbed));
    assert!(has(&enums, "enum-value-added", Severity::NonBreaking));

    let constraints = case("constraints");
    assert!(has(
        &constraints,
        "constraint-tightened",
        Severity::Breaking
    ));
    assert!(has(&constraints, "constraint-changed", Severity::Breaking));
    assert!(has(
        &constraints,
        "constraint-loosened",
        Severity::NonBreaking
    ));
    assert!(
        constraints
            .changes
            .iter()
            .filter(|c| c.group == "GET /payments" && c.place.starts_with("response"))
            .all(|c| c.severity == Severity::NonBreaking),
        "a response's constraints never break the generated types"
    );

    let moved = case("schema-moved-to-components");
    assert!(
        moved
            .changes
            .iter()
            .all(|c| c.kind == "type-renamed" || c.kind == "schema-added"),
        "{:?}",
        moved.changes
    );
}

#[test]
fn every_format_renders() {
    let (_, old, new) = cases().into_iter().next().expect("a case");
    let report = report(&old, &new);
    let json: serde_json::Value =
        serde_json::from_str(&report.render(Format::Json, false)).expect("the JSON report parses");
    assert_eq!(
        json["changes"].as_array().map(Vec::len),
        Some(report.changes.len())
    );
    let markdown = report.render(Format::Markdown, false);
    assert!(markdown.starts_with("### API changes"));
    assert_eq!(markdown.matches("\n| ").count(), report.changes.len() + 1);
    let colored = report.render(Format::Text, true);
    assert!(colored.contains("\x1b["));
}

#[test]
fn the_workspace_specs_compare_with_git_head() {
    // In a clean checkout the specs equal HEAD's; either way the comparison must run.
    let diffs =
        xtask::diff::against_rev(&workspace_root(), "HEAD", None).expect("git and the specs");
    assert_eq!(diffs.len(), 4);
}

/// A Swagger 2.0 spec and a faithful OpenAPI 3.0 rendering of it (written by hand, as a team
/// migrating would) are the same API: no change either way, and the same generated code.
#[test]
fn a_swagger2_spec_and_its_3_0_rendering_are_the_same_api() {
    let dir = workspace_root().join("tests/fixtures/upgrade-pair");
    let (v2, v3) = (dir.join("swagger2.yaml"), dir.join("openapi3.yaml"));
    for (old, new) in [(&v2, &v3), (&v3, &v2)] {
        let report = report(old, new);
        assert!(
            report.changes.is_empty(),
            "{}",
            report.render(Format::Text, false)
        );
    }
    let code = |path: &Path| {
        let api = oapigen::parse_api(&input(path)).unwrap_or_else(|e| panic!("{e}"));
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
        oapigen::generate_module(&api, "cargo test").unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(code(&v2), code(&v3));
}
