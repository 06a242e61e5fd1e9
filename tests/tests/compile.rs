//! The code generated for every fixture spec compiles, warnings denied: a snapshot shows what
//! the code looks like, this shows that it builds.

use oapigen_tests::workspace_root;

#[test]
fn every_fixture_generates_code_that_compiles() {
    match xtask::check_fixtures(&workspace_root()) {
        Ok(count) => assert!(count >= 4, "only {count} fixtures were checked"),
        Err(e) => panic!("{e}"),
    }
}
