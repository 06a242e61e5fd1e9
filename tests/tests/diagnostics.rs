//! Broken specs give clear errors that say where the problem is, never a panic. Each spec in
//! `tests/fixtures/bad/` has its rendered diagnostics snapshotted.

use oapigen::{ApiInput, ApiSettings, Diagnostics, Source};
use oapigen_tests::workspace_root;

/// Diagnoses a spec the way the CLI does: the files its `$ref`s name are read first.
fn diagnose(name: &str, text: String) -> Diagnostics {
    let source = Source::new(name, text);
    let files = match oapigen::gather_files(&source, |path| {
        std::fs::read_to_string(workspace_root().join(path)).map_err(|e| e.to_string())
    }) {
        Ok(files) => files,
        Err(gathered) => return gathered.diagnostics,
    };
    let mut input = ApiInput::new(source, ApiSettings::new(name, "bad"));
    input.files = files;
    match oapigen::parse_api(&input) {
        Ok(_) => panic!("{name} was accepted"),
        Err(diagnostics) => diagnostics,
    }
}

#[test]
fn every_bad_spec_fails_with_located_diagnostics() {
    let dir = workspace_root().join("tests/fixtures/bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the catalogue exists")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the catalogue has {} specs", files.len());
    for path in files {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        let name = format!("tests/fixtures/bad/{file}");
        let text = std::fs::read_to_string(&path).expect("readable");
        let diagnostics = diagnose(&name, text);
        assert!(!diagnostics.0.is_empty());
        for d in &diagnostics.0 {
            assert_eq!(d.location.file, name);
            assert!(d.location.line.is_some(), "{file}: no line in `{d}`");
        }
        insta::assert_snapshot!(format!("bad__{file}"), diagnostics.to_string());
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let json = format!(
        "{{\"openapi\":\"3.1.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"x-deep\":{}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let diagnostics = diagnose("deep.json", json);
    assert!(
        diagnostics.to_string().contains("recursion limit"),
        "{diagnostics}"
    );

    let yaml = format!(
        "openapi: 3.1.0\nx-deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let diagnostics = diagnose("deep.yaml", yaml);
    assert!(
        diagnostics.to_string().contains("recursion limit"),
        "{diagnostics}"
    );
}

#[test]
fn envelope_settings_that_match_nothing_are_reported() {
    let path = workspace_root().join("specs/portone-v2/openapi.yaml");
    let mut settings = ApiSettings::new("openapi.yaml", "portone_v2");
    settings.envelope = Some(oapigen::EnvelopeSettings {
        status: "result".into(),
        success: serde_json::json!("SUCCESS"),
        data: "data".into(),
        error: "error".into(),
    });
    let input = ApiInput::new(
        Source::new(
            "specs/portone-v2/openapi.yaml",
            std::fs::read_to_string(path).unwrap(),
        ),
        settings,
    );
    let error = oapigen::parse_api(&input).expect_err("no schema has result/data/error");
    assert!(
        error.to_string().contains("matches no object schema"),
        "{error}"
    );
}

#[test]
fn a_problem_deep_in_a_yaml_spec_points_at_its_line_and_column() {
    let text =
        std::fs::read_to_string(workspace_root().join("tests/fixtures/bad/unresolved_ref.yaml"))
            .expect("readable");
    let diagnostics = diagnose("unresolved_ref.yaml", text);
    let location = &diagnostics.0[0].location;
    assert_eq!(
        location.pointer,
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"
    );
    assert_eq!((location.line, location.column), (Some(12), Some(17)));
}

/// The settings of `tests/fixtures/auth.yaml`.
const AUTH_SETTINGS: &str = "tests/fixtures/settings/auth.toml";

/// The `[auth]` of `tests/fixtures/settings/auth.toml` with one line replaced.
fn auth_settings(replace: &str, with: &str) -> ApiSettings {
    let text = std::fs::read_to_string(workspace_root().join("tests/fixtures/settings/auth.toml"))
        .expect("the settings are readable");
    assert!(text.contains(replace), "the settings have `{replace}`");
    let mut settings =
        ApiSettings::read(AUTH_SETTINGS, &text.replace(replace, with)).expect("the settings parse");
    settings.spec = "auth.yaml".to_owned();
    settings.module = "auth".to_owned();
    settings
}

#[test]
fn mistakes_in_the_auth_settings_are_located_errors() {
    let spec = std::fs::read_to_string(workspace_root().join("tests/fixtures/auth.yaml"))
        .expect("the fixture is readable");
    let cases = [
        (
            "login = \"createSession\"",
            "login = \"logIn\"",
            "no operation has the operationId `logIn`",
            "#/paths",
        ),
        (
            "access-token = \"auth.token\"",
            "access-token = \"auth.tokn\"",
            "`auth.tokn`: `Grant` has no property `tokn`",
            "#/components/schemas/Session",
        ),
        (
            "access-token = \"auth.token\"",
            "access-token = \"auth.until\"",
            "`auth.until` must be a string",
            "#/components/schemas/Session",
        ),
        (
            "expires-at = \"auth.until\"",
            "expires-at = \"auth.token\"",
            "`auth.token` must be an integer",
            "#/components/schemas/Session",
        ),
        (
            "refresh-body = \"renew\"",
            "refresh-body = \"refresh\"",
            "the refresh body has no property `refresh`",
            "/requestBody/content/application~1json/schema",
        ),
        (
            "scheme = \"session\"",
            "scheme = \"basic\"",
            "`basic` does not carry a token",
            "#/components/securitySchemes/basic",
        ),
        (
            "scheme = \"session\"",
            "scheme = \"cookie\"",
            "there is no security scheme `cookie`",
            "#/components/securitySchemes",
        ),
        (
            "login = \"createSession\"",
            "login = \"listThings\"",
            "`listThings` must take a required request body",
            "#/paths/~1things/get",
        ),
        (
            "server-now = \"serverTime\"\n",
            "",
            "`server-now` and `expires-at` go together",
            "tests/fixtures/auth.yaml",
        ),
    ];
    for (replace, with, message, place) in cases {
        let input = ApiInput::new(
            Source::new("tests/fixtures/auth.yaml", spec.clone()),
            auth_settings(replace, with),
        );
        let shown = match oapigen::parse_api(&input) {
            Ok(_) => panic!("`{with}` was accepted"),
            Err(diagnostics) => diagnostics.to_string(),
        };
        assert!(shown.contains(message), "`{with}`: {shown}");
        assert!(
            shown.contains(place),
            "`{with}` is not placed at {place}: {shown}"
        );
        // The settings file is named as it is.
        assert!(
            shown.contains(&format!("{AUTH_SETTINGS} [auth]")),
            "{shown}"
        );
    }
}

/// Every fixture named `repair-*` generates, and its warnings (each repair, located) are
/// snapshotted; every other fixture, and every spec of the workspace, has none.
#[test]
fn repairs_are_located_warnings_and_clean_specs_have_none() {
    let root = workspace_root();
    let mut repairs = 0;
    for input in xtask::fixture_inputs(&root).expect("the fixtures are readable") {
        let name = input.source.name.trim_start_matches("tests/fixtures/");
        let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
        if name.starts_with("repair-") {
            repairs += 1;
            assert!(!api.warnings.is_empty(), "{name} repaired nothing");
            for warning in &api.warnings {
                assert_eq!(warning.severity, oapigen::Severity::Warning);
                assert!(warning.location.line.is_some(), "no line in `{warning}`");
            }
            let stem = name.trim_end_matches(".yaml");
            insta::assert_snapshot!(
                format!("warnings__{stem}"),
                Diagnostics(api.warnings).to_string()
            );
        } else {
            assert!(api.warnings.is_empty(), "{name}: {:?}", api.warnings);
        }
    }
    assert!(repairs >= 2, "only {repairs} repair fixtures");
    for input in xtask::read_inputs(&root).expect("the specs are readable") {
        let api = oapigen::parse_api(&input).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            api.warnings.is_empty(),
            "{}: {:?}",
            input.source.name,
            api.warnings
        );
    }
}

#[test]
fn denied_warnings_fail_the_spec_and_are_all_reported() {
    let root = workspace_root();
    let text =
        std::fs::read_to_string(root.join("tests/fixtures/repair-paths.yaml")).expect("readable");
    let mut settings = ApiSettings::new("repair-paths.yaml", "api");
    settings.deny_warnings = true;
    let input = ApiInput::new(Source::new("repair-paths.yaml", text), settings);
    let diagnostics = oapigen::parse_api(&input).expect_err("warnings are denied");
    assert_eq!(diagnostics.error_count(), 0);
    assert_eq!(diagnostics.warning_count(), 8, "{diagnostics}");
}

/// A node copied in place from another file (a path item; in Swagger 2.0, a header, which
/// has no component) that leads back to itself through `$ref`s is an error where the cycle
/// closes, not a copy without end.
#[test]
fn a_cycle_of_nodes_copied_in_place_is_an_error() {
    let cases = [
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
             responses:\n        '200':\n          description: ok\n          headers:\n            \
             X-Rate: {$ref: 'common.yaml#/headers/Rate'}\n",
            "headers:\n  Rate: {$ref: '#/headers/Other'}\n  Other: {$ref: '#/headers/Rate'}\n",
        ),
        (
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: 'common.yaml#/a'}\n",
            "a: {$ref: '#/b'}\nb: {$ref: '#/a'}\n",
        ),
    ];
    for (main, common) in cases {
        let source = Source::new("specs/main.yaml", main);
        let files = oapigen::gather_files(&source, |path| match path {
            "specs/common.yaml" => Ok(common.to_owned()),
            other => Err(format!("no file {other}")),
        })
        .expect("the files are read");
        let mut input = ApiInput::new(source, ApiSettings::new("specs/main.yaml", "api"));
        input.files = files;
        let diagnostics = oapigen::parse_api(&input).expect_err("a cycle is an error");
        let shown = diagnostics.to_string();
        assert!(
            shown.starts_with("specs/common.yaml:") && shown.contains("leads back to itself"),
            "{shown}"
        );
    }
}
