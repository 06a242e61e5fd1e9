//! `oapigen::Builder`, as a build script uses it: what it writes into the output directory,
//! and a spec with errors failing a real `cargo build` with the problems shown as rustc shows
//! its own. (`tests/build-script/` is a workspace crate built this way by every test run.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// A fresh directory under the workspace's `target/`.
fn scratch(name: &str) -> PathBuf {
    let dir = workspace()
        .join("target")
        .join("build-script-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

#[test]
fn the_modules_and_the_entry_file_are_written() {
    let out = scratch("out");
    let generated = oapigen::Builder::new()
        .spec(workspace().join("tests/build-script/petstore.yaml"))
        .module("petstore")
        .spec(workspace().join("tests/fixtures/enums.yaml"))
        .module("enums")
        .cargo_directives(false)
        .generate_to(&out)
        .expect("the specs generate");
    assert_eq!(generated.modules, ["petstore", "enums"]);
    assert_eq!(generated.entry, out.join(oapigen::build::ENTRY_FILE));
    let entry = std::fs::read_to_string(&generated.entry).expect("the entry file");
    for module in ["runtime", "petstore", "enums"] {
        let file = out.join("oapigen").join(module).join("mod.rs");
        assert!(file.is_file(), "{} is missing", file.display());
        assert!(
            entry.contains(&format!("pub mod {module};")),
            "{module} is not declared:\n{entry}"
        );
    }
    // The runtime first, so that its macros are in scope in the API modules.
    assert!(entry.find("pub mod runtime;") < entry.find("pub mod petstore;"));
}

#[test]
fn a_spec_with_errors_is_an_error_that_shows_them() {
    let error = oapigen::Builder::new()
        .spec(workspace().join("tests/fixtures/bad/allof_cycle.yaml"))
        .cargo_directives(false)
        .generate_to(scratch("bad-out"))
        .expect_err("the spec has errors");
    let text = error.to_string();
    assert!(text.contains("error: `allOf` refers back"), "{text}");
    assert!(text.contains("allof_cycle.yaml:10:11"), "{text}");
    assert!(text.contains("^^^^"), "{text}");
    assert!(text.ends_with("error: 2 errors found"), "{text}");
    // `expect` and `?` in `main` print the same.
    assert_eq!(format!("{error:?}"), text);
}

#[test]
fn a_problem_in_another_file_of_a_split_spec_shows_that_files_line() {
    let error = oapigen::Builder::new()
        .spec(workspace().join("tests/fixtures/split-broken/openapi.yaml"))
        .cargo_directives(false)
        .generate_to(scratch("split-broken-out"))
        .expect_err("the other file does not parse");
    let text = error.to_string();
    assert!(text.contains("split-broken/pet.yaml:4:7\n"), "{text}");
    assert!(text.contains("4 |   name: { type: string }\n"), "{text}");
    assert!(text.ends_with("error: 1 error found"), "{text}");
}

#[test]
fn a_file_a_spec_names_that_cannot_be_read_is_an_input_error() {
    let error = oapigen::Builder::new()
        .spec(workspace().join("tests/fixtures/bad/external_ref.yaml"))
        .cargo_directives(false)
        .generate_to(scratch("unreadable-out"))
        .expect_err("the other file is missing");
    assert!(matches!(error, oapigen::build::Error::Input(_)), "{error}");
    let text = error.to_string();
    assert!(text.contains("bad/external_ref.yaml:8:11\n"), "{text}");
}

#[test]
fn cargo_build_fails_with_the_rendered_diagnostics() {
    let dir = scratch("broken-crate");
    let generator = workspace().join("generator");
    let manifest = format!(
        "[package]\nname = \"broken-spec\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [workspace]\n\n[build-dependencies]\noapigen = {{ path = {:?}, default-features = false }}\n",
        generator.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("Cargo.toml");
    std::fs::write(
        dir.join("build.rs"),
        "fn main() -> Result<(), oapigen::build::Error> {\n    \
         oapigen::Builder::new().spec(\"openapi.yaml\").generate()?;\n    Ok(())\n}\n",
    )
    .expect("build.rs");
    std::fs::copy(
        workspace().join("tests/fixtures/bad/allof_cycle.yaml"),
        dir.join("openapi.yaml"),
    )
    .expect("the spec");
    // The workspace's lock file, so that the crate builds with the dependency versions the
    // workspace is tested with (and needs no newer Rust than it does).
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(
        dir.join("src/lib.rs"),
        "include!(concat!(env!(\"OUT_DIR\"), \"/oapigen.rs\"));\n",
    )
    .expect("lib.rs");
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .current_dir(&dir)
        // Its own target directory, kept between runs, so that oapigen is built once.
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target").join("build-script-check"),
        )
        .output()
        .expect("cargo runs");
    assert!(!output.status.success(), "the build should fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("failed to run custom build command"),
        "{stderr}"
    );
    assert!(stderr.contains("error: `allOf` refers back"), "{stderr}");
    assert!(stderr.contains("--> openapi.yaml:10:11"), "{stderr}");
    assert!(stderr.contains("^^^^"), "{stderr}");
}

#[test]
fn misuse_is_an_error_not_a_surprise() {
    let petstore = workspace().join("tests/build-script/petstore.yaml");
    let enums = workspace().join("tests/fixtures/enums.yaml");
    let usage = |builder: oapigen::Builder| {
        let error = builder
            .cargo_directives(false)
            .generate_to(scratch("misuse"))
            .expect_err("a usage error");
        assert!(matches!(error, oapigen::build::Error::Usage(_)), "{error}");
        error.to_string()
    };
    let before = usage(oapigen::Builder::new().module("pets").spec(&petstore));
    assert!(before.contains("`module` before any `spec`"), "{before}");
    // Two specs left in the default module `api`.
    let twice = usage(oapigen::Builder::new().spec(&petstore).spec(&enums));
    assert!(twice.contains("module `api`"), "{twice}");
    let bad = usage(oapigen::Builder::new().spec(&petstore).module("my-api"));
    assert!(bad.contains("cannot name a module"), "{bad}");
    let taken = usage(oapigen::Builder::new().spec(&petstore).module("runtime"));
    assert!(taken.contains("its own `runtime`"), "{taken}");
    // The settings file names the module when `module` does not.
    let generated = oapigen::Builder::new()
        .spec(workspace().join("specs/portone-v2/openapi.yaml"))
        .settings(workspace().join("specs/portone-v2/oapigen.toml"))
        .cargo_directives(false)
        .generate_to(scratch("settings-module"))
        .expect("PortOne V2 generates");
    assert_eq!(generated.modules, ["portone_v2"]);
    // A settings file that names neither the spec nor the module: `api`.
    let generated = oapigen::Builder::new()
        .spec(workspace().join("tests/fixtures/auth.yaml"))
        .settings(workspace().join("tests/fixtures/settings/auth.toml"))
        .cargo_directives(false)
        .generate_to(scratch("settings-without-module"))
        .expect("the fixture generates");
    assert_eq!(generated.modules, ["api"]);
}
