//! `cargo xtask`'s command line: every task answers `--help` with examples (`diff --help` once
//! looked for an API named `--help`), and a mistyped task or flag is a usage error (status 2)
//! with the nearest one suggested.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask runs")
}

#[test]
fn every_task_has_help_with_examples() {
    let top = xtask(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let tasks = [
        "codegen",
        "vendor-check",
        "check-fixtures",
        "corpus",
        "diff",
        "bench",
        "directory",
        "compile-cost",
        "check-features",
    ];
    let listing = String::from_utf8_lossy(&top.stdout);
    for task in tasks {
        assert!(listing.contains(task), "{task} is not listed:\n{listing}");
        let help = xtask(&[task, "--help"]);
        assert_eq!(help.status.code(), Some(0), "{task}");
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(
            text.contains("Example"),
            "{task} --help has no example:\n{text}"
        );
        assert!(
            text.contains("cargo xtask") || text.contains("-p xtask"),
            "{text}"
        );
    }
}

#[test]
fn mistakes_are_usage_errors_with_a_suggestion() {
    for (args, suggestion) in [
        (&["codgen"][..], "'codegen'"),
        (&["codegen", "--chek"][..], "'--check'"),
        (&["directory", "--sampel", "3"][..], "'--sample'"),
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(suggestion), "{args:?}: {stderr}");
    }
    let conflict = xtask(&["directory", "--sample", "3", "--spec", "api/x.json"]);
    assert_eq!(conflict.status.code(), Some(2));
    let percent = xtask(&["directory", "--fail-under", "120"]);
    assert_eq!(percent.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&percent.stderr).contains("not a percentage"));
}

#[test]
fn diff_against_a_revision_git_does_not_know_is_a_usage_error() {
    // It once read every spec as missing there, called every API new and exited 0.
    let output = xtask(&["diff", "--against", "no-such-revision-of-oapigen"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--against no-such-revision-of-oapigen: git knows no commit"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn diff_of_what_is_not_there_is_a_usage_error() {
    // An API specs/ does not have (it exited 1, while --help says 2), and a file that cannot
    // be read.
    let output = xtask(&["diff", "no-such-api"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no API `no-such-api` in specs/"),
        "{stderr}"
    );
    let output = xtask(&["diff", "no-such-old.yaml", "no-such-new.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read no-such-old.yaml"), "{stderr}");
    let help = xtask(&["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("2 when the command line is wrong"));
}
