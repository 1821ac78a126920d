//! The `workflow!` macro's compile-time behaviour, through trybuild:
//!
//! - `ui/pass/*.rs` compile and run: each asserts that the generated `ASL` equals the expected
//!   Amazon States Language JSON, covering every construct of the language; they are the
//!   modules of one program, `ui/pass.rs`, which trybuild builds and runs once;
//! - `ui/fail/*.rs` must not compile: one mistake per file, named after it, whose one error
//!   (pointing at the offending token) is recorded in the `.stderr` file beside it.
//!
//! This is a test of `workflow-macros` (its `[[test]]`), not of the runtime: trybuild builds its
//! cases in a project of its own made of the tested crate's dependencies and dev-dependencies,
//! and this crate's are the runtime without its default features (no AWS SDK, no clap) and
//! serde_json. The paths are relative to `workflow-macros/`, its manifest directory. Regenerate
//! the `.stderr` files with `TRYBUILD=overwrite cargo test -p workflow-macros --test ui` and read
//! every one of them before committing.

// Two runs of trybuild, not one: given only compile-fail cases, trybuild checks them all in one
// `cargo check --keep-going` (on two cores, 20 s for the 232 cases once the dependencies are
// checked); given both kinds, it builds the cases one by one (a cargo run each, 56 s). The two
// share trybuild's project and take turns at it.
#[test]
fn compile_fail() {
    trybuild::TestCases::new().compile_fail("../tests/ui/fail/*.rs");
}

#[test]
fn pass() {
    trybuild::TestCases::new().pass("../tests/ui/pass.rs");
}
