//! The real-world ASL corpus beside the repository (`../shared/asl-corpus`, or the directory
//! named by `WORKFLOW_ASL_CORPUS`). Tests that read it say so and pass when it is absent: on a
//! fresh machine the repository stands alone.

use std::path::{Path, PathBuf};

/// The corpus directory, or `None` after printing why the calling test does not run.
pub fn corpus(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("WORKFLOW_ASL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/asl-corpus"));
    if dir.join("SOURCES.md").is_file() && dir.join("substituted").is_dir() {
        Some(dir)
    } else {
        println!("asl-corpus not found at {}; {what} not run", dir.display());
        None
    }
}

/// The `.json` files of `dir`, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}
