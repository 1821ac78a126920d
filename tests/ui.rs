//! The `workflow!` macro's compile-time errors, through trybuild: `ui/fail/*.rs` must not
//! compile: one mistake per file, named after it, whose one error (pointing at the offending
//! token) is recorded in the `.stderr` file beside it. (What the macro expands to, compiled and
//! run, is tested in the runtime's test program: `expansion.rs`.)
//!
//! This is a test of `workflow-macros-ui`, a package with no library made for it, not of the
//! macro's crate: trybuild builds its cases in a project of its own made of the tested package's
//! dependencies and dev-dependencies (the macro, the runtime without its default features: no
//! AWS SDK, no clap; serde_json), and cargo builds a proc-macro crate's dev-dependencies for the
//! host (the runtime would be compiled twice in every workspace build). The paths are relative
//! to `workflow-macros-ui/`, its manifest directory. Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p workflow-macros-ui --test ui` and read every one of them
//! before committing.

// Given only compile-fail cases, trybuild checks them all in one `cargo check --keep-going`.
#[test]
fn compile_fail() {
    trybuild::TestCases::new().compile_fail("../tests/ui/fail/*.rs");
}
