//! Corpus tests: every path, intrinsic and JSONata string of the real-world definitions in
//! `shared/asl-corpus/substituted` (when that directory exists) must be accepted.

use super::*;
use serde_json::Value;
use std::path::{Path as FsPath, PathBuf};
use workflow_jsonata::jsonata_string::jsonata_body;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/asl-corpus/substituted"
);

/// Fields whose string value is a path.
const PATH_FIELDS: [&str; 12] = [
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ItemsPath",
    "Variable",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
];

/// Corpus values known to be invalid, with why. None so far: every value in the corpus is
/// accepted.
const KNOWN_INVALID: [(&str, &str); 0] = [];

/// Whether `key` is a Choice rule operator comparing with a path (`StringEqualsPath`, ...).
fn is_choice_path_operator(key: &str) -> bool {
    let Some(operator) = key.strip_suffix("Path") else {
        return false;
    };
    ["String", "Numeric", "Boolean", "Timestamp"]
        .into_iter()
        .filter_map(|kind| operator.strip_prefix(kind))
        .any(|comparison| {
            [
                "Equals",
                "LessThan",
                "GreaterThan",
                "LessThanEquals",
                "GreaterThanEquals",
            ]
            .contains(&comparison)
        })
}

/// The `*.json` files under `dir`, sorted.
fn json_files(dir: &FsPath) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Calls `visit(key, string)` for every string member of every object in `value`.
fn for_each_string_member(value: &Value, visit: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                if let Value::String(s) = member {
                    visit(key, s);
                }
                for_each_string_member(member, visit);
            }
        }
        Value::Array(items) => {
            for item in items {
                for_each_string_member(item, visit);
            }
        }
        _ => {}
    }
}

/// Parses `value` as a path (when it starts with `$`) or an intrinsic, and checks the intrinsic.
fn check_value(value: &str, intrinsic_allowed: bool) -> Result<(), String> {
    if value.starts_with('$') || !intrinsic_allowed {
        return parse_path(value).map(drop).map_err(|e| e.to_string());
    }
    let call = parse_intrinsic(value).map_err(|e| e.to_string())?;
    match check_intrinsic(&call).as_slice() {
        [] => Ok(()),
        errors => Err(errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

/// Loads every corpus file, or `None` (after saying so) when the corpus is missing.
fn corpus() -> Option<Vec<(PathBuf, Value)>> {
    let dir = FsPath::new(CORPUS);
    if !dir.is_dir() {
        println!("asl corpus not found at {CORPUS}; nothing to check");
        return None;
    }
    let mut documents = Vec::new();
    for file in json_files(dir) {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
        documents.push((file, value));
    }
    Some(documents)
}

#[test]
fn corpus_paths_parse() {
    let Some(documents) = corpus() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, document) in &documents {
        for_each_string_member(document, &mut |key, value| {
            if value.starts_with("{%") {
                return;
            }
            let intrinsic_allowed = if key.ends_with(".$") {
                true
            } else if PATH_FIELDS.contains(&key) || is_choice_path_operator(key) {
                matches!(key, "ErrorPath" | "CausePath")
            } else {
                return;
            };
            checked += 1;
            if KNOWN_INVALID.iter().any(|(known, _)| *known == value) {
                return;
            }
            if let Err(e) = check_value(value, intrinsic_allowed) {
                let name = file.file_name().unwrap_or_default().to_string_lossy();
                failures.push(format!("{name}: `{key}`: `{value}`: {e}"));
            }
        });
    }
    println!(
        "checked {checked} path and intrinsic values in {} corpus files",
        documents.len()
    );
    assert!(checked > 0, "the corpus has no paths");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_jsonata_parses() {
    let Some(documents) = corpus() else {
        return;
    };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (file, document) in &documents {
        for_each_string_member(document, &mut |_, value| {
            let Some(body) = jsonata_body(value) else {
                return;
            };
            checked += 1;
            match workflow_jsonata::Jsonata::parse(body) {
                Ok(expr) if !expr.references().double_dollars.is_empty() => {
                    failures.push(format!("{}: `{value}` uses `$$`", file.display()));
                }
                Ok(_) => {}
                Err(e) => failures.push(format!("{}: `{value}`: {e}", file.display())),
            }
        });
    }
    println!("parsed {checked} JSONata strings");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn choice_path_operators() {
    for key in [
        "StringEqualsPath",
        "NumericGreaterThanEqualsPath",
        "TimestampLessThanPath",
        "BooleanEqualsPath",
    ] {
        assert!(is_choice_path_operator(key), "{key}");
    }
    for key in [
        "Path",
        "S3OutputPath",
        "StringMatchesPath",
        "StringEquals",
        "InputPath",
    ] {
        assert!(!is_choice_path_operator(key), "{key}");
    }
}

#[test]
fn public_api_is_reexported() {
    let path: Path = match parse_path("$.a[?(@.b == 1)]") {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert!(matches!(path.root, Root::Input));
    assert!(matches!(
        path.segments.last(),
        Some(Segment::Filter(Filter { .. }))
    ));
    assert!(looks_like_intrinsic("States.UUID()"));
    assert!(parse_intrinsic("States.UUID()").is_ok());
    assert_eq!(
        IntrinsicFunction::from_name("States.Hash"),
        Some(IntrinsicFunction::Hash)
    );
    assert_eq!(is_whole_substitution("${A}"), Some("A"));
    let error: Box<dyn std::error::Error> = Box::new(PathError::new(0, "x"));
    assert_eq!(error.to_string(), "x");
}
