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

#[path = "support/trybuild_flags.rs"]
mod trybuild_flags;

// Given only compile-fail cases, trybuild checks them all in one `cargo check --keep-going`.
// trybuild runs cargo with this process's environment: the test runs again as a child process
// with `CARGO_ENCODED_RUSTFLAGS` set (`support/trybuild_flags.rs`: trybuild's two runs then
// share their dependencies' checks), and trybuild runs in that child.
#[test]
fn compile_fail() {
    let flags = trybuild_flags::encoded();
    if std::env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|set| set == flags) {
        trybuild::TestCases::new().compile_fail("../tests/ui/fail/*.rs");
        return;
    }
    let this = std::env::current_exe().unwrap_or_else(|e| panic!("no path to this test: {e}"));
    let status = std::process::Command::new(this)
        .args(["compile_fail", "--exact", "--nocapture"])
        .env("CARGO_ENCODED_RUSTFLAGS", flags)
        .status()
        .unwrap_or_else(|e| panic!("cannot run this test again with trybuild's flags: {e}"));
    assert!(status.success(), "the ui cases failed (above): {status}");
}
