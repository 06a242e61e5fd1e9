//! The `oapigen` command line as a user meets it: the help of every command (snapshotted, so a
//! change to it is reviewed), `--version`, suggestions for a mistyped command or flag, and the
//! documented exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn oapigen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oapigen"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("oapigen runs")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_command_has_help_with_examples() {
    let top = oapigen(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    insta::assert_snapshot!("help", stdout(&top));
    for command in ["generate", "check", "surface", "upgrade", "diff"] {
        let help = oapigen(&[command, "--help"]);
        assert_eq!(help.status.code(), Some(0), "{command}");
        let text = stdout(&help);
        assert!(text.contains("Example"), "{command} --help has no example");
        insta::assert_snapshot!(format!("help_{command}"), text);
    }
}

#[test]
fn version_is_the_package_version() {
    let output = oapigen(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        format!("oapigen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_typo_gets_a_suggestion_and_status_2() {
    let output = oapigen(&["generat", "spec.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a similar subcommand exists: 'generate'"),
        "{}",
        stderr(&output)
    );
    let output = oapigen(&["check", "tests/fixtures/enums.yaml", "--deny-warning"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a similar argument exists: '--deny-warnings'"),
        "{}",
        stderr(&output)
    );
    // No command at all is a usage error too.
    assert_eq!(oapigen(&[]).status.code(), Some(2));
}

#[test]
fn exit_codes_say_what_happened() {
    // 0: a spec with no problem.
    let clean = oapigen(&["check", "tests/fixtures/enums.yaml"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(stdout(&clean).contains("no problems found"));
    // 1: a spec with an error, or with warnings that are denied.
    let broken = oapigen(&["check", "tests/fixtures/bad/allof_cycle.yaml"]);
    assert_eq!(broken.status.code(), Some(1), "{}", stderr(&broken));
    assert!(stderr(&broken).contains("error"), "{}", stderr(&broken));
    let repaired = ["check", "tests/fixtures/repair-docs.yaml"];
    assert_eq!(oapigen(&repaired).status.code(), Some(0));
    let denied = oapigen(&[repaired[0], repaired[1], "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    // 1: a breaking change with --fail-on-breaking; 0 without it.
    let case = "tests/fixtures/diff/required-request-property";
    let old = format!("{case}/old.yaml");
    let new = format!("{case}/new.yaml");
    let diff = oapigen(&["diff", &old, &new, "--color", "never"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    assert!(stdout(&diff).contains("[BREAKING]"), "{}", stdout(&diff));
    let failing = oapigen(&["diff", &old, &new, "--fail-on-breaking"]);
    assert_eq!(failing.status.code(), Some(1));
    // 2: a file that cannot be read, the spec or a file its `$ref`s name (shown at the `$ref`).
    let missing = oapigen(&["check", "tests/fixtures/no-such-spec.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read"),
        "{}",
        stderr(&missing)
    );
    let other = oapigen(&["check", "tests/fixtures/bad/external_ref.yaml"]);
    assert_eq!(other.status.code(), Some(2), "{}", stderr(&other));
    let text = stderr(&other);
    assert!(
        text.contains("cannot read `tests/fixtures/bad/common.yaml`")
            && text.contains("--> tests/fixtures/bad/external_ref.yaml:8:11"),
        "{text}"
    );
}

#[test]
fn a_settings_file_need_not_name_the_spec_or_the_module() {
    // The command line names both; the settings hold the rest.
    let output = oapigen(&[
        "check",
        "tests/fixtures/auth.yaml",
        "--settings",
        "tests/fixtures/settings/auth.toml",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_mistake_in_the_settings_is_shown_at_its_line_in_that_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-settings");
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let broken = dir.join("broken.toml");
    std::fs::write(
        &broken,
        "# Pets.\nmodule = \"pets\"\nsecret-properties = \"pin\"\n",
    )
    .expect("the settings are written");
    let broken = broken.display().to_string();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "tests/fixtures/enums.yaml", "--settings", &broken];
        args.extend_from_slice(extra);
        oapigen(&args)
    };
    let output = check(&["--color", "never"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.starts_with("error: invalid type: string \"pin\", expected a sequence\n"),
        "{text}"
    );
    assert!(text.contains(&format!("--> {broken}:3:21\n")), "{text}");
    assert!(text.contains("3 | secret-properties = \"pin\"\n"), "{text}");
    let json = check(&["--message-format", "json"]);
    assert_eq!(json.status.code(), Some(2));
    let value: serde_json::Value = serde_json::from_str(stderr(&json).trim()).expect("JSON");
    assert_eq!(value["file"], broken.as_str());
    assert_eq!(
        (value["line"].as_u64(), value["column"].as_u64()),
        (Some(3), Some(21))
    );
    // `[auth]` mistakes name the settings file as it is called.
    let auth = std::fs::read_to_string(workspace().join("tests/fixtures/settings/auth.toml"))
        .expect("the fixture's settings");
    let partner = dir.join("partner.toml");
    let wrong = auth.replace("login = \"createSession\"", "login = \"logIn\"");
    std::fs::write(&partner, wrong).expect("the settings are written");
    let partner = partner.display().to_string();
    let output = oapigen(&["check", "tests/fixtures/auth.yaml", "--settings", &partner]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains(&format!("error: {partner} [auth] login: no operation")),
        "{text}"
    );
}

/// What `check` prints on stderr for a spec, colour off.
fn check_stderr(spec: &str, extra: &[&str]) -> String {
    let mut args = vec!["check", spec, "--color", "never"];
    args.extend_from_slice(extra);
    stderr(&oapigen(&args))
}

#[test]
fn diagnostics_show_the_line_with_a_caret() {
    // An error in YAML, one in JSON (where the parser stopped), and warnings about repairs.
    insta::assert_snapshot!(
        "diagnostics_yaml_error",
        check_stderr("tests/fixtures/bad/allof_cycle.yaml", &[])
    );
    insta::assert_snapshot!(
        "diagnostics_json_error",
        check_stderr("tests/fixtures/bad/invalid_json.json", &[])
    );
    insta::assert_snapshot!(
        "diagnostics_warnings",
        check_stderr("tests/fixtures/repair-paths.yaml", &[])
    );
}

#[test]
fn diagnostics_as_json_are_one_object_per_line() {
    let text = check_stderr(
        "tests/fixtures/bad/allof_cycle.yaml",
        &["--message-format", "json"],
    );
    insta::assert_snapshot!("diagnostics_json_format", text);
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("a JSON object");
        for key in ["severity", "message", "file", "line", "column", "pointer"] {
            assert!(value.get(key).is_some(), "{key} missing in {line}");
        }
    }
}

#[test]
fn colour_is_only_asked_for() {
    let spec = "tests/fixtures/bad/allof_cycle.yaml";
    // Not a terminal: no colour unless asked.
    assert!(!stderr(&oapigen(&["check", spec])).contains('\u{1b}'));
    assert!(stderr(&oapigen(&["check", spec, "--color", "always"])).contains('\u{1b}'));
}

#[test]
fn a_problem_in_another_file_of_a_split_spec_shows_that_files_line() {
    let spec = "tests/fixtures/split-broken/openapi.yaml";
    let output = oapigen(&["check", spec, "--color", "never"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("--> tests/fixtures/split-broken/pet.yaml:4:7\n"),
        "{text}"
    );
    assert!(text.contains("4 |   name: { type: string }\n"), "{text}");
    assert!(text.ends_with("error: 1 error found\n"), "{text}");
}

#[test]
fn what_is_found_after_loading_a_split_spec_shows_the_other_files_lines() {
    // Repairs in a schema copied into components, in one that file names in turn, and in a
    // path item copied in place: each is shown where it is written, not in openapi.yaml.
    let spec = "tests/fixtures/split-repairs/openapi.yaml";
    let output = oapigen(&["check", spec, "--color", "never"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("diagnostics_split_repairs", stderr(&output));
    let json = oapigen(&["check", spec, "--message-format", "json"]);
    let places: Vec<(String, u64, u64)> = stderr(&json)
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON object");
            let file = value["file"].as_str().expect("a file").to_owned();
            (
                file,
                value["line"].as_u64().unwrap(),
                value["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let dir = "tests/fixtures/split-repairs";
    assert_eq!(
        places,
        [
            (format!("{dir}/paths.yaml"), 4, 5),
            (format!("{dir}/common.yaml"), 3, 3),
            (format!("{dir}/pet.yaml"), 6, 5),
        ]
    );
}

#[test]
fn with_json_messages_every_line_on_stderr_is_json() {
    let every_line_is_json = |output: &Output| {
        let text = stderr(output);
        assert!(!text.is_empty());
        for line in text.lines() {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            assert!(value.get("severity").is_some(), "{line}");
        }
        text
    };
    let json = ["--message-format", "json"];
    // A problem in a split spec's other file.
    let split = oapigen(&[
        "check",
        "tests/fixtures/split-broken/openapi.yaml",
        json[0],
        json[1],
    ]);
    assert_eq!(split.status.code(), Some(1));
    let text = every_line_is_json(&split);
    assert!(
        text.contains("\"file\":\"tests/fixtures/split-broken/pet.yaml\""),
        "{text}"
    );
    // Warnings that are denied: the denial is an object too.
    let denied = [
        "check",
        "tests/fixtures/repair-docs.yaml",
        "--deny-warnings",
    ];
    let denied = oapigen(&[denied.as_slice(), &json].concat());
    assert_eq!(denied.status.code(), Some(1));
    let text = every_line_is_json(&denied);
    assert!(
        text.lines().last().unwrap().contains("warnings are denied"),
        "{text}"
    );
    // A file that cannot be read: an object with no place, and status 2.
    let missing = oapigen(&[
        "check",
        "tests/fixtures/no-such-spec.yaml",
        json[0],
        json[1],
    ]);
    assert_eq!(missing.status.code(), Some(2));
    let text = every_line_is_json(&missing);
    assert!(text.contains("cannot read"), "{text}");
    // A mistake in the command line itself is the argument parser's plain text, as the
    // README says.
    let usage = oapigen(&["check", "spec.yaml", json[0], json[1], "--deny-warning"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(
        stderr(&usage).starts_with("error: unexpected argument"),
        "{}",
        stderr(&usage)
    );
}

#[test]
fn generate_writes_each_groups_files_and_removes_what_it_no_longer_writes() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-generate-groups");
    let _ = std::fs::remove_dir_all(&out);
    // What an older oapigen wrote in a folder of its own, and a file written by hand.
    let old_group = out.join("src/api/models/gone");
    std::fs::create_dir_all(&old_group).expect("a scratch directory");
    let header = "// @generated by oapigen: do not edit by hand.\n";
    std::fs::write(old_group.join("old.rs"), header).expect("an old file");
    std::fs::write(out.join("src/api/mine.rs"), "// Mine.\n").expect("a file of the user's");
    let dir = out.to_str().expect("a UTF-8 path");
    let output = oapigen(&["generate", "tests/fixtures/groups.yaml", "--out", dir]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("1 stale removed"),
        "{}",
        stdout(&output)
    );
    for group in ["models/pets.rs", "models/users.rs", "operations/health.rs"] {
        let text = std::fs::read_to_string(out.join("src/api").join(group)).expect(group);
        assert!(text.contains("use super::*;"), "{group}:\n{text}");
    }
    let models = std::fs::read_to_string(out.join("src/api/models.rs")).expect("models.rs");
    assert!(
        models.contains(
            "#[cfg(feature = \"pets\")]\nmod pets;\n#[cfg(feature = \"pets\")]\npub use pets::*;"
        ),
        "{models}"
    );
    assert!(!old_group.exists(), "the old group's folder is left");
    assert!(
        out.join("src/api/mine.rs").exists(),
        "a file written by hand is removed"
    );
}
