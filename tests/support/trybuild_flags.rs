//! The Rust flags of the projects compiled in trybuild's target directory
//! (`target/tests/trybuild`): the macro's ui cases (`ui.rs`) and the imported corpus
//! (`import_corpus.rs`), which share it so that their dependencies are checked once.
//!
//! trybuild 1.0.122 gives cargo its flags as `--config build.rustflags=…`: `--cfg trybuild
//! --verbose -A dead_code` (and `-C instrument-coverage` when `RUSTFLAGS` has it) to check the
//! project's dependencies, the same and `--diagnostic-width=140` to check the cases. Rust flags are
//! part of every artifact's hash, so a clean target directory checked every dependency twice (the
//! ui test on a clean target directory took 182 CPU-seconds, 140 with this).
//! `CARGO_ENCODED_RUSTFLAGS`, which trybuild leaves alone, comes first among cargo's sources of
//! flags (cargo's reference, "build config: rustflags"): set to the cases' flags, it gives both of
//! trybuild's runs the same ones. `--diagnostic-width=140` is also rustc's width when its output is
//! not a terminal, as under trybuild, so the dependencies' check is unchanged by it and the cases'
//! is what trybuild makes it.

/// The flags, as `CARGO_ENCODED_RUSTFLAGS` separates them (by `0x1f`).
pub fn encoded() -> String {
    let mut flags = vec!["--cfg", "trybuild", "--verbose", "-A", "dead_code"];
    let rustflags = std::env::var("RUSTFLAGS").unwrap_or_default();
    if rustflags.contains("-C instrument-coverage") {
        flags.extend(["-C", "instrument-coverage"]);
    }
    flags.push("--diagnostic-width=140");
    flags.join("\x1f")
}
