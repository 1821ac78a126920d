//! The layers' rule, checked: no module of the core (`src/core/`) names a host.

use std::path::{Path, PathBuf};

/// What the core's code may name in this crate: itself and the execution's vocabulary.
const ALLOWED: [&str; 2] = ["core", "execution"];

/// Every `.rs` file under `dir`, walked without recursion.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let (mut files, mut dirs) = (Vec::new(), vec![dir.to_path_buf()]);
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The paths a line of code names in this crate outside the core, comments aside.
fn outside_names(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !ALLOWED.contains(&name.as_str()) {
            names.push(format!(
                "crate::{name}{}",
                if name.is_empty() { rest } else { "" }
            ));
        }
    }
    if code.contains("hosts::") {
        names.push("hosts::".to_owned());
    }
    names
}

#[test]
fn the_line_check_finds_what_it_looks_for() {
    assert!(outside_names("use crate::core::run::Run;").is_empty());
    assert!(outside_names("// see crate::hosts::local").is_empty());
    assert_eq!(outside_names("use crate::hosts::mock::Mocks;").len(), 2);
    assert_eq!(
        outside_names("let e: crate::Engine = todo!();"),
        ["crate::Engine"]
    );
    assert_eq!(
        outside_names("use crate::{Engine, core};"),
        ["crate::{Engine, core};"]
    );
}

/// The core knows no modes: none of its modules names a host, the engine's API (which
/// is the in-process host's) or anything at the crate's root; whatever depends on how an
/// execution was started it asks through `host::Host`.
#[test]
fn no_module_of_the_core_imports_a_host() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let files = sources(&core);
    assert!(
        files.len() > 20,
        "the core's sources are not where this test looks: {core:?}"
    );
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        for (number, line) in text.lines().enumerate() {
            for name in outside_names(line) {
                found.push(format!("{}:{}: {name}", file.display(), number + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the core names what is outside it:\n{}",
        found.join("\n")
    );
}
