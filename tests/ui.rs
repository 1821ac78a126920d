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

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("../tests/ui/pass.rs");
    t.compile_fail("../tests/ui/fail/*.rs");
}
