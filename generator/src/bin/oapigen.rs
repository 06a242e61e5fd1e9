//! The `oapigen` command line: checks a spec, or prints the API surface it generates.

use std::process::ExitCode;

use oapigen::{ApiInput, ApiSettings, Source};

const USAGE: &str = "\
oapigen: generate Rust from OpenAPI 3.0 and 3.1 documents

Usage:
  oapigen check <SPEC>      validate SPEC and print every problem found
  oapigen surface <SPEC>    print the Rust API that SPEC generates (types, fields, builders)
  oapigen --help            print this help

SPEC is a JSON or YAML file. To generate the workspace's crate, run `cargo xtask codegen`.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["check", spec] => run(spec, |_| println!("{spec}: no problems found")),
        ["surface", spec] => run(spec, |api| print!("{}", oapigen::surface(api))),
        ["--help"] | ["-h"] | ["help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(spec: &str, on_success: impl FnOnce(&oapigen::ir::Api)) -> ExitCode {
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{spec}: error: cannot read the file: {e}");
            return ExitCode::FAILURE;
        }
    };
    let input = ApiInput {
        source: Source::new(spec, text),
        settings: ApiSettings::new(spec, "api"),
    };
    match oapigen::parse_api(&input) {
        Ok(api) => {
            on_success(&api);
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}
