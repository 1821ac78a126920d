//! The `workflow!` macro's compile-time errors, through trybuild: `ui/fail/*.rs` must not
//! compile: one mistake per file, named after it, whose one error (pointing at the offending
//! token) is recorded in the `.stderr` file beside it. (What the macro expands to, compiled and
//! run, is tested in the runtime's test program: `expansion.rs`.)
//!
//! This is a test of `workflow-macros` (its `[[test]]`), not of the runtime: trybuild builds its
//! cases in a project of its own made of the tested crate's dependencies and dev-dependencies,
//! and this crate's are the runtime without its default features (no AWS SDK, no clap) and
//! serde_json. The paths are relative to `workflow-macros/`, its manifest directory. Regenerate
//! the `.stderr` files with `TRYBUILD=overwrite cargo test -p workflow-macros --test ui` and read
//! every one of them before committing.

// Given only compile-fail cases, trybuild checks them all in one `cargo check --keep-going`.
#[test]
fn compile_fail() {
    trybuild::TestCases::new().compile_fail("../tests/ui/fail/*.rs");
}
