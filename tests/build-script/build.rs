//! Generates the `petstore` module from `petstore.yaml` into `OUT_DIR`. Cargo runs this again
//! when the spec changes (the builder prints `cargo:rerun-if-changed` for every file it reads);
//! a spec with errors fails the build, showing them as rustc shows its own.

fn main() -> Result<(), oapigen::build::Error> {
    oapigen::Builder::new()
        .spec("petstore.yaml")
        .module("petstore")
        .generate()?;
    Ok(())
}
