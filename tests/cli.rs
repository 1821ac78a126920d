//! The `workflow` binary's contract: `validate` (exit codes 0/1/2, text and `--json`
//! diagnostics naming file, pointer, code and message) and `fmt` (JSON-equal output).

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const VALID: &str = r#"{
  "Comment": "valid",
  "StartAt": "Zeta",
  "States": {
    "Zeta": {"Type": "Pass", "Result": {"n": 1}, "ResultPath": "$.r", "Next": "Alpha"},
    "Alpha": {"Type": "Wait", "Seconds": 1, "Next": "Mid"},
    "Mid": {"Type": "Choice", "Choices": [{"Variable": "$.r.n", "NumericEquals": 1, "Next": "Done"}], "Default": "Failed"},
    "Done": {"Type": "Succeed"},
    "Failed": {"Type": "Fail", "Error": "Bad", "Cause": "n is not 1"}
  }
}"#;

const INVALID: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Shipp"},
    "Ship": {"Type": "Succeed"}
  }
}"#;

fn workflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(args)
        .output()
        .expect("the workflow binary runs")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a temporary file");
    path
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn validate_exits_0_for_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.asl.json", VALID);
    let out = workflow(&["validate", ok.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("ok.asl.json: valid"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn validate_exits_1_and_locates_every_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.asl.json", INVALID);
    let out = workflow(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // file:line:column, severity[CODE], pointer and a message with the fix.
    assert!(text.contains("bad.asl.json:4:"), "{text}");
    assert!(
        text.contains("error[MISSING_TRANSITION_TARGET] at /States/A/Next"),
        "{text}"
    );
    assert!(text.contains("did you mean `Ship`?"), "{text}");
    // `Ship` is unreachable only because of the typo: not reported twice.
    assert!(!text.contains("at /States/Ship:"), "{text}");
    assert!(
        text.contains("bad.asl.json: invalid (1 errors, 0 other diagnostics)"),
        "{text}"
    );
}

#[test]
fn validate_json_names_file_pointer_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.asl.json", VALID);
    let bad = write(dir.path(), "bad.asl.json", INVALID);
    let out = workflow(&[
        "validate",
        "--json",
        ok.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("stdout is one JSON object");
    assert_eq!(report["valid"], false);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[1]["valid"], false);
    let first = &files[1]["diagnostics"][0];
    assert_eq!(first["file"], bad.to_str().unwrap());
    assert_eq!(first["code"], "MISSING_TRANSITION_TARGET");
    assert_eq!(first["pointer"], "/States/A/Next");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 4);
    assert!(first["message"].as_str().unwrap().contains("Shipp"));
}

#[test]
fn validate_exits_2_on_read_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.asl.json", VALID);
    let missing = dir.path().join("missing.asl.json");
    let out = workflow(&["validate", ok.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.asl.json"),
        "{}",
        stderr(&out)
    );
    assert_eq!(workflow(&["validate"]).status.code(), Some(2));
    assert_eq!(
        workflow(&["validate", "--bogus", ok.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(workflow(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn validate_reports_schema_errors_of_undecodable_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Retry": [], "Nxt": "B", "End": true}}}"#;
    let bad = write(dir.path(), "schema.asl.json", text);
    let out = workflow(&["validate", "--json", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    let pointers: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        pointers,
        ["/States/A/Retry", "/States/A/Nxt"],
        "every schema problem at once"
    );
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] == "SCHEMA_VALIDATION_FAILED")
    );
}

#[test]
fn validate_express_rejects_callback_patterns() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;
    let file = write(dir.path(), "callback.asl.json", text);
    assert_eq!(
        workflow(&["validate", file.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let out = workflow(&["validate", "--express", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("UNSUPPORTED_INTEGRATION_PATTERN"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn fmt_prints_a_json_equal_definition_with_state_order_kept() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.asl.json", VALID);
    let out = workflow(&["fmt", ok.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let original: Value = serde_json::from_str(VALID).unwrap();
    assert_eq!(printed, original);
    let order: Vec<&String> = printed["States"].as_object().unwrap().keys().collect();
    assert_eq!(order, ["Zeta", "Alpha", "Mid", "Done", "Failed"]);
    let compact = workflow(&["fmt", "--compact", ok.to_str().unwrap()]);
    assert_eq!(stdout(&compact).lines().count(), 1);
}

#[test]
fn fmt_reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(VALID.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&out)).unwrap(),
        serde_json::from_str::<Value>(VALID).unwrap()
    );
}

#[test]
fn fmt_locates_malformed_json() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(
        dir.path(),
        "broken.asl.json",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\" \"End\": true}\n  }\n}",
    );
    let out = workflow(&["fmt", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("INVALID_JSON_DESCRIPTION"), "{err}");
    assert!(err.contains("at /States/A"), "{err}");
    assert!(err.contains("line 4 column"), "{err}");
    assert!(
        stdout(&out).is_empty(),
        "nothing on stdout when the input is not ASL"
    );
}
