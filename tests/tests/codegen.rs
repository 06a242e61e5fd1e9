//! `generated/` matches the specs, and generating is deterministic.

use oapigen_tests::workspace_root;

#[test]
fn generated_crate_is_up_to_date() {
    let report = xtask::codegen(&workspace_root(), true).expect("codegen --check runs");
    assert!(
        report.changed.is_empty() && report.removed.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`.\n{}",
        report.diff
    );
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let root = workspace_root();
    let first = xtask::generate(&root).expect("the specs generate");
    let second = xtask::generate(&root).expect("the specs generate");
    assert_eq!(first, second);
    assert!(
        first.len() >= 2 + 9 + 3 * 4,
        "expected Cargo.toml, lib.rs, the runtime's 9 files and 4 modules"
    );
}

#[test]
fn every_generated_file_names_the_command_that_regenerates_it() {
    for file in xtask::generate(&workspace_root()).expect("the specs generate") {
        let head: String = file.contents.lines().take(2).collect::<Vec<_>>().join("\n");
        assert!(
            head.contains("@generated"),
            "{} has no @generated marker",
            file.path
        );
        assert!(
            head.contains("cargo xtask codegen"),
            "{} does not name the command that regenerates it",
            file.path
        );
    }
}

#[test]
fn each_api_is_behind_its_own_feature() {
    let files = xtask::generate(&workspace_root()).expect("the specs generate");
    let manifest = &files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .expect("a manifest")
        .contents;
    let lib = &files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("a lib.rs")
        .contents;
    for (feature, module) in [
        ("archisketch", "archisketch"),
        ("portone-v2", "portone_v2"),
        ("portone-v2-legacy", "portone_v2_legacy"),
    ] {
        assert!(
            manifest.contains(&format!("\n{feature} = [")),
            "no feature {feature}"
        );
        assert!(
            lib.contains(&format!(
                "#[cfg(feature = \"{feature}\")]\n#[rustfmt::skip]\npub mod {module};"
            )),
            "module {module} is not behind feature {feature}"
        );
    }
    // PortOne V1 tags its two operations differently: each tag is a feature of its own, the
    // API's feature turns both on, and either compiles the module.
    assert!(
        manifest
            .contains("\nportone-v1 = [\"portone-v1-authenticate\", \"portone-v1-payments\"]\n")
    );
    assert!(lib.contains(
        "#[cfg(any(feature = \"portone-v1-authenticate\", feature = \"portone-v1-payments\"))]\n\
         #[rustfmt::skip]\npub mod portone_v1;"
    ));
    // chrono is needed by Archisketch's date-times only, so only that feature pulls it in.
    assert!(manifest.contains("archisketch = [\"dep:chrono\"]"));
    assert!(manifest.contains("portone-v1-payments = []"));
}
