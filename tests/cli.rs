//! The `workflow` binary's contract: `validate` (exit codes 0/1/2, text and `--json`
//! diagnostics naming file, pointer, code and message) and `fmt` (JSON-equal output).

use serde_json::{Value, json};
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

pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a temporary file");
    path
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
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

/// A command that cannot do what it was asked says why once, on standard error, with its exit
/// status (2 for a usage or read error, 1 for a definition that is not one), printing nothing
/// else there; `validate` reports the files it could read before it says which it could not.
#[test]
fn a_failing_command_says_why_once_with_its_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(dir.path(), "ok.asl.json", VALID);
    let ok = ok.to_str().unwrap();
    let broken = write(dir.path(), "broken.asl.json", "{\"StartAt\": ");
    let broken = broken.to_str().unwrap();
    let missing = dir.path().join("missing.asl.json");
    let missing = missing.to_str().unwrap();
    let nowhere = dir.path().join("no-such-dir").join("out.txt");
    let nowhere = nowhere.to_str().unwrap();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a port to hold");
    let port = busy.local_addr().unwrap().port().to_string();
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (
            vec!["validate", missing, ok],
            2,
            format!("workflow validate: cannot read `{missing}`: "),
        ),
        (
            vec!["fmt", ok, "-o", nowhere],
            2,
            format!("workflow: cannot write `{nowhere}`: "),
        ),
        (
            vec!["graph", ok, "-o", nowhere],
            2,
            format!("workflow graph: cannot write `{nowhere}`: "),
        ),
        (
            vec!["types", missing],
            2,
            format!("workflow types: cannot read `{missing}`: "),
        ),
        (vec!["fmt", broken], 1, format!("{broken}:1:")),
        (
            vec!["execute", "Hello", "--input", "{"],
            2,
            "workflow execute: --input is not JSON: ".to_owned(),
        ),
        (
            vec!["explain", "NOT_A_CODE"],
            2,
            "workflow explain: `NOT_A_CODE` is not a diagnostic code".to_owned(),
        ),
        (
            vec!["import", ok, "--name", "not a name"],
            2,
            "workflow import: `not a name` cannot name a workflow".to_owned(),
        ),
        (
            vec!["debug", "--port", &port],
            2,
            format!("workflow debug: cannot listen on 127.0.0.1:{port}: "),
        ),
    ];
    for (args, code, says) in cases {
        let out = workflow(&args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?} says why once: {err}");
        assert!(err.starts_with(&says), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    let out = workflow(&["validate", missing, ok]);
    assert!(
        stdout(&out).contains(&format!("{ok}: valid")),
        "{}",
        stdout(&out)
    );
    drop(busy);
}

#[test]
fn deploy_refuses_a_role_that_is_not_an_iam_roles_arn_before_calling_aws() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "ok.asl.json", VALID);
    let out = workflow(&[
        "deploy",
        file.to_str().unwrap(),
        "--name",
        "Hello",
        "--role",
        "arn:aws:iam::123456789012:user/u",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Invalid Role Arn: 'arn:aws:iam::123456789012:user/u'"),
        "{}",
        stderr(&out)
    );
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
    // AWS's code and words (recorded: `ValidateStateMachineDefinition` of an EXPRESS machine).
    assert!(
        stdout(&out).contains("error[SCHEMA_VALIDATION_FAILED] at /States/T/Resource: Express state machine does not support '.waitForTaskToken' service integration"),
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

#[test]
fn a_full_disk_is_reported_and_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = write(dir.path(), "valid.json", VALID);
    // A full disk: exit 2 with the reason, no panic.
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let out = Command::new(env!("CARGO_BIN_EXE_workflow"))
            .args(["fmt", file.to_str().unwrap_or_default()])
            .stdout(full)
            .output()
            .expect("the workflow binary runs");
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("cannot write the output"),
            "{}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    } else {
        panic!("/dev/full is missing: this test needs a Linux machine");
    }
    // A closed pipe: the reader is gone before the output is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["validate", "--json", file.to_str().unwrap_or_default()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("the workflow binary starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the workflow binary ends");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(
        matches!(out.status.code(), Some(0 | 141)),
        "{:?}: {}",
        out.status,
        stderr(&out)
    );
}

#[test]
fn reads_are_bounded_by_the_service_limits_and_a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bom = write(dir.path(), "bom.json", &format!("\u{feff}{VALID}"));
    let out = workflow(&["validate", bom.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // More than 1 MiB of definition: an invalid definition (status 1), refused before it is
    // parsed, with the diagnostic on the whole document.
    let huge = write(dir.path(), "huge.json", &" ".repeat(1024 * 1024 + 1));
    let huge = huge.to_str().unwrap_or_default();
    let out = workflow(&["validate", huge]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with(&format!(
            "{huge}:1:1: error[DEFINITION_TOO_LARGE] at /: `{huge}` is larger than 1 MiB, the service's limit for a definition; nothing was read\n"
        )),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).ends_with(&format!(
        "{huge}: invalid (1 errors, 0 other diagnostics)\n"
    )));
    let out = workflow(&["validate", "--json", bom.to_str().unwrap_or_default(), huge]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["valid"], false);
    assert_eq!(json["files"][0]["valid"], true);
    let report = &json["files"][1];
    assert_eq!(report["valid"], false);
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(1));
    let d = &report["diagnostics"][0];
    assert_eq!(
        (&d["file"], &d["code"], &d["pointer"], &d["severity"]),
        (
            &json!(huge),
            &json!("DEFINITION_TOO_LARGE"),
            &json!(""),
            &json!("error")
        )
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap_or_default()
            .contains("larger than 1 MiB")
    );
    // A file that cannot be read stays a read error (status 2), whatever else is invalid.
    let out = workflow(&["validate", huge, "/nonexistent/definition.json"]);
    assert_eq!(out.status.code(), Some(2));
    // Every command that reads a definition takes an over-size one as invalid (status 1, as
    // for any definition that does not decode) and a missing one as a read error (status 2).
    for command in [
        &["fmt"][..],
        &["types"],
        &["graph", "--format", "mermaid"],
        &["import"],
    ] {
        let out = workflow(&[command, &[huge]].concat());
        assert_eq!(out.status.code(), Some(1), "{command:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is larger than 1 MiB, the service's limit for a definition"),
            "{command:?}: {}",
            stderr(&out)
        );
        let out = workflow(&[command, &["/nonexistent/definition.json"]].concat());
        assert_eq!(out.status.code(), Some(2), "{command:?}: {}", stderr(&out));
    }
    // Endless standard input: read up to the limit only.
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the workflow binary starts");
    if let Some(mut stdin) = child.stdin.take() {
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..64 {
            if stdin.write_all(&chunk).is_err() {
                break; // the binary stopped reading: what this test wants
            }
        }
    }
    let out = child.wait_with_output().expect("the workflow binary ends");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("standard input is larger than 1 MiB"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn run_takes_any_json_input_from_the_flag_a_file_or_standard_input() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pass = write(
        dir.path(),
        "pass.json",
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
    );
    let pass = pass.to_str().unwrap_or_default();
    let out = workflow(&["run", pass, "--input", "-5", "--json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["output"], -5);
    let input = write(dir.path(), "input.json", "\u{feff}[1, 2]");
    let out = workflow(&[
        "run",
        pass,
        "--input-file",
        input.to_str().unwrap_or_default(),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["output"], serde_json::json!([1, 2]));
    let big = write(
        dir.path(),
        "big.json",
        &format!("\"{}\"", "x".repeat(256 * 1024)),
    );
    let out = workflow(&[
        "run",
        pass,
        "--input-file",
        big.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("larger than 256 KiB"),
        "{}",
        stderr(&out)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_workflow"))
        .args(["run", pass, "--input-file", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the workflow binary starts");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"{\"from\": \"stdin\"}");
    }
    let out = child.wait_with_output().expect("the workflow binary ends");
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["output"]["from"], "stdin");
}

#[test]
fn run_fails_an_expression_past_the_evaluators_limits_at_once() {
    // `workflow run` once ran `$formatInteger(1e20, 'I')` for minutes, past 3 GB: the
    // evaluator now admits the work before doing it, and the state fails with AWS's limit.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let roman = write(
        dir.path(),
        "roman.json",
        r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $formatInteger(1e20, 'I') %}", "End": true}}}"#,
    );
    let out = workflow(&["run", roman.to_str().unwrap_or_default(), "--json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(json["status"], "FAILED", "{json}");
    assert_eq!(json["error"], "States.QueryEvaluationError");
    let cause = json["cause"].as_str().unwrap_or_default();
    assert!(
        cause.contains("Expression evaluation memory limit exceeded"),
        "{cause}"
    );
}

#[test]
fn validating_thousands_of_misspelt_targets_stays_fast() {
    // 5,000 states each naming a misspelt next state: did-you-mean works within a budget.
    let mut states = serde_json::Map::new();
    for i in 0..5_000 {
        states.insert(
            format!("State{i:05}"),
            serde_json::json!({"Type": "Pass", "Next": format!("Stat{i:05}")}),
        );
    }
    states.insert("End".into(), serde_json::json!({"Type": "Succeed"}));
    let definition = serde_json::json!({"StartAt": "State00000", "States": states});
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = write(dir.path(), "many.json", &definition.to_string());
    let out = workflow(&["validate", "--json", file.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    let diagnostics = report["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(diagnostics.len() >= 5_000, "{}", diagnostics.len());
    assert!(
        diagnostics.iter().any(|d| d["message"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean")),
        "the first misspellings still get suggestions"
    );
}

#[test]
fn import_prints_a_workflow_and_refuses_an_invalid_file_with_its_position() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let hello = root.join("examples/hello_world.asl.json");
    let out = workflow(&["import", hello.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let source = stdout(&out);
    assert!(source.starts_with("workflow! {"), "{source}");
    assert!(
        source.contains("pub HelloWorldAsl {") || source.contains("pub HelloWorld {"),
        "{source}"
    );
    assert!(
        source.contains("when $.IsHelloWorldExample == true => \"Wait for 3 seconds\","),
        "{source}"
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bad = write(dir.path(), "bad.json", INVALID);
    let out = workflow(&["import", bad.to_str().unwrap_or_default(), "--name", "Bad"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.json:4:"), "{}", stderr(&out));
    let out = workflow(&[
        "import",
        bad.to_str().unwrap_or_default(),
        "--name",
        "not a name",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn graph_prints_mermaid_and_dot_and_the_readme_shows_the_hello_world_as_printed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let hello = root.join("examples/hello_world.asl.json");
    let hello = hello.to_str().unwrap_or_default();
    let out = workflow(&["graph", hello]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mermaid = stdout(&out);
    assert!(mermaid.starts_with("stateDiagram-v2\n"), "{mermaid}");
    assert!(
        mermaid.contains(" : catch States.TaskFailed"),
        "the Catch edge is labelled: {mermaid}"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    assert!(
        readme.contains(&format!("```mermaid\n{mermaid}```")),
        "the README's Mermaid block is what `workflow graph examples/hello_world.asl.json` prints"
    );
    let out = workflow(&["graph", "--format", "dot", hello]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("subgraph cluster_"),
        "{}",
        stdout(&out)
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bad = write(
        dir.path(),
        "bad.json",
        "{\"StartAt\": \"A\",\n  \"States\": [",
    );
    let out = workflow(&["graph", bad.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.json:"), "{}", stderr(&out));
}

#[test]
fn types_prints_the_input_type_of_every_state() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = write(
        dir.path(),
        "flow.json",
        r#"{"StartAt":"P","States":{
          "P":{"Type":"Pass","Result":{"count":1},"ResultPath":"$.data","Next":"T"},
          "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
               "Catch":[{"ErrorEquals":["States.ALL"],"Next":"E"}],"End":true},
          "E":{"Type":"Fail"},
          "Lost":{"Type":"Succeed"}}}"#,
    );
    let out = workflow(&["types", file.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "/States/P: any\n\
         /States/T: { data: { count: integer }, … }\n\
         /States/E: { Cause: string, Error: string }\n\
         /States/Lost: (not reached)\n"
    );
}

#[test]
fn run_prints_its_events_as_a_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let hello = root.join("examples/hello_world.asl.json");
    let out = workflow(&[
        "run",
        hello.to_str().unwrap_or_default(),
        "--input",
        r#"{"IsHelloWorldExample": false}"#,
        "--events",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let table: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("id ")).collect();
    assert_eq!(table.len(), 8, "a header and 7 events:\n{text}");
    assert!(table[1].contains("ExecutionStarted"), "{text}");
    assert!(
        table[6].contains("FailStateEntered") && table[6].contains("HelloWorldFailed"),
        "{text}"
    );
    assert!(table[7].contains("ExecutionFailed"), "{text}");
}

/// A one-state definition: a Pass state with `field` set to `value`.
fn pass_with(field: &str, value: &str) -> String {
    format!(r#"{{"StartAt":"P","States":{{"P":{{"Type":"Pass","{field}":{value},"End":true}}}}}}"#)
}

#[test]
fn a_definition_nested_100000_deep_is_invalid_at_once_and_located() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let levels = 100_000;
    let objects = format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels));
    let file = write(dir.path(), "deep.json", &pass_with("Parameters", &objects));
    let file = file.to_str().unwrap_or_default();
    let started = std::time::Instant::now();
    let out = workflow(&["validate", "--json", file]);
    // Before the bound, this case took 28 s and 19 GB to fail (release build).
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    let diagnostics = json["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d["code"], "INVALID_JSON_DESCRIPTION");
    // The document, `States` and `P` are three levels: the 998th object of the Parameters is
    // the first one past the 1000 levels JSON may nest.
    let pointer = format!("/States/P/Parameters{}", "/a".repeat(997));
    assert_eq!(d["pointer"], json!(pointer));
    // Located at the name of the member holding it, in the 997th object.
    let before = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":"#.len() + 5 * 996;
    assert_eq!((&d["line"], &d["column"]), (&json!(1), &json!(before + 2)));
    assert!(
        d["message"]
            .as_str()
            .unwrap_or_default()
            .contains("nest more than 1000 levels"),
        "{d}"
    );
    // Parallel states nested 10,000 deep: 40,000 levels of JSON, refused at the 1001st.
    let mut parallel = r#"{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}"#.to_owned();
    for _ in 0..10_000 {
        parallel = format!(
            r#"{{"StartAt":"P","States":{{"P":{{"Type":"Parallel","Branches":[{parallel}],"End":true}}}}}}"#
        );
    }
    let file = write(dir.path(), "parallel.json", &parallel);
    let out = workflow(&["validate", file.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("error[INVALID_JSON_DESCRIPTION] at /States/P/Branches/0/States/P/")
    );
    // `workflow import` refuses it the same way.
    let out = workflow(&["import", file.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nest more than 1000 levels"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_execution_input_nests_at_most_1000_levels() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let pass = write(
        dir.path(),
        "pass.json",
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
    );
    let pass = pass.to_str().unwrap_or_default();
    let nested = |levels: usize| format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
    let at = write(dir.path(), "at.json", &nested(1000));
    let out = workflow(&[
        "run",
        pass,
        "--input-file",
        at.to_str().unwrap_or_default(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let past = write(dir.path(), "past.json", &nested(100_000));
    let out = workflow(&[
        "run",
        pass,
        "--input-file",
        past.to_str().unwrap_or_default(),
        "--json",
    ]);
    // Refused before the execution starts, as StartExecution refuses an invalid input.
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not JSON: invalid JSON at line 1 column 1001: arrays and objects nest more than 1000 levels deep"),
        "{}",
        stderr(&out)
    );
}

/// A Distributed Map reading `s3://data/in/rows.csv` and writing its results under
/// `s3://results/out/`: with `--s3 DIR` both are files under DIR.
const DISTRIBUTED_CSV: &str = r#"{
  "StartAt": "Each row",
  "States": {
    "Each row": {
      "Type": "Map",
      "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
        "Parameters": {"Bucket": "data", "Key": "in/rows.csv"}
      },
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Echo",
        "States": {"Echo": {"Type": "Pass", "End": true}}
      },
      "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "results", "Prefix": "out"}
      },
      "End": true
    }
  }
}"#;

#[test]
fn run_with_s3_reads_and_writes_a_directory_standing_for_the_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "map.asl.json", DISTRIBUTED_CSV);
    let s3 = dir.path().join("s3");
    std::fs::create_dir_all(s3.join("data/in")).unwrap();
    std::fs::write(s3.join("data/in/rows.csv"), "id,name\n1,Ada\n2,Grace\n").unwrap();
    let out = workflow(&[
        "run",
        file.to_str().unwrap(),
        "--json",
        "--s3",
        s3.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let summary: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["status"], "SUCCEEDED", "{summary}");
    // The writer's manifest names the files it wrote, and they are under DIR/results/out/.
    let manifest_key = summary["output"]["ResultWriterDetails"]["Key"]
        .as_str()
        .unwrap();
    assert!(manifest_key.starts_with("out/"), "{manifest_key}");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(s3.join("results").join(manifest_key)).unwrap())
            .unwrap();
    let succeeded = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
        .as_str()
        .unwrap();
    let results: Value =
        serde_json::from_slice(&std::fs::read(s3.join("results").join(succeeded)).unwrap())
            .unwrap();
    let outputs: Vec<Value> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_str(r["Output"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            json!({"id": "1", "name": "Ada"}),
            json!({"id": "2", "name": "Grace"})
        ]
    );

    // A missing object fails the Map Run as S3 would answer; a missing DIR is a usage error.
    std::fs::remove_file(s3.join("data/in/rows.csv")).unwrap();
    let out = workflow(&[
        "run",
        file.to_str().unwrap(),
        "--json",
        "--s3",
        s3.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let summary: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["error"], "States.ItemReaderFailed", "{summary}");
    let out = workflow(&[
        "run",
        file.to_str().unwrap(),
        "--s3",
        dir.path().join("none").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn test_state_prints_the_apis_answer_and_exits_by_status() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let state = write(
        dir.path(),
        "charge.json",
        r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Charge", "Payload.$": "$"},
            "ResultSelector": {"ok.$": "$.Payload.ok"},
            "Catch": [{"ErrorEquals": ["Card.Declined"], "Next": "Decline"}], "Next": "Ship"}"#,
    );
    let file = state.to_str().unwrap_or_default();
    let out = workflow(&[
        "test-state",
        file,
        "--input",
        r#"{"card": 1}"#,
        "--mock-result",
        r#"{"Payload": {"ok": true}, "StatusCode": 200}"#,
        "--inspection-level",
        "DEBUG",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(answer["status"], "SUCCEEDED");
    assert_eq!(answer["output"], r#"{"ok":true}"#);
    assert_eq!(answer["nextState"], "Ship");
    assert_eq!(
        answer["inspectionData"]["afterParameters"],
        r#"{"FunctionName":"Charge","Payload":{"card":1}}"#
    );

    let caught = workflow(&[
        "test-state",
        file,
        "--mock-error",
        "Card.Declined",
        "--mock-cause",
        "no funds",
    ]);
    // CAUGHT_ERROR and RETRIABLE are successful TestState answers (issue 75): exit 0.
    assert_eq!(caught.status.code(), Some(0), "{}", stderr(&caught));
    let answer: Value = serde_json::from_str(&stdout(&caught)).expect("JSON");
    assert_eq!(
        (answer["status"].as_str(), answer["nextState"].as_str()),
        (Some("CAUGHT_ERROR"), Some("Decline"))
    );
    let retried = write(
        dir.path(),
        "retried.json",
        r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Charge", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}], "End": true}"#,
    );
    let retriable = workflow(&[
        "test-state",
        retried.to_str().unwrap_or_default(),
        "--mock-error",
        "Lambda.TooManyRequestsException",
    ]);
    assert_eq!(retriable.status.code(), Some(0), "{}", stderr(&retriable));
    let answer: Value = serde_json::from_str(&stdout(&retriable)).expect("JSON");
    assert_eq!(answer["status"], "RETRIABLE");
    // FAILED: exit 1.
    let failed = workflow(&["test-state", file, "--mock-error", "Card.Stolen"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let answer: Value = serde_json::from_str(&stdout(&failed)).expect("JSON");
    assert_eq!(answer["status"], "FAILED");

    // A mock on a Pass state is refused: exit 2 with TestState's reason.
    let pass = write(dir.path(), "pass.json", r#"{"Type": "Pass", "End": true}"#);
    let refused = workflow(&[
        "test-state",
        pass.to_str().unwrap_or_default(),
        "--mock-result",
        "1",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("State type 'Pass' is not supported when a mock is specified"),
        "{}",
        stderr(&refused)
    );

    // A mocked Map's failed iterations past its threshold (`stateConfiguration`).
    let map = write(
        dir.path(),
        "map.json",
        r#"{"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
            "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "ToleratedFailureCount": 1, "End": true}"#,
    );
    let exceeded = workflow(&[
        "test-state",
        map.to_str().unwrap_or_default(),
        "--input",
        "[1, 2, 3]",
        "--mock-result",
        "[1, 2, 3]",
        "--map-failures",
        "2",
    ]);
    assert_eq!(exceeded.status.code(), Some(1), "{}", stderr(&exceeded));
    let answer: Value = serde_json::from_str(&stdout(&exceeded)).expect("JSON");
    assert_eq!(answer["error"], "States.ExceedToleratedFailureThreshold");

    // An invalid state is located, exit 1.
    let broken = write(dir.path(), "broken.json", r#"{"Type": "Pass"}"#);
    let invalid = workflow(&["test-state", broken.to_str().unwrap_or_default()]);
    assert_eq!(invalid.status.code(), Some(1), "{}", stderr(&invalid));
}

#[test]
fn a_crates_own_workflows_are_named_on_the_command_line() {
    // examples/workflow_cli.rs: the `src/bin/workflow.rs` of a crate with three workflows.
    let tool = super::client_moto::example_binary("workflow_cli");
    let run = |args: &[&str]| {
        Command::new(&tool)
            .args(args)
            .output()
            .expect("run the tool")
    };
    let list = run(&["list"]);
    assert_eq!(stdout(&list), "Greeting\nPause\nCheckout\n");
    // `--help` lists `list` with the other commands, in the crate's tool and the plain one.
    let help = run(&["--help"]);
    assert!(
        stdout(&help).contains("\n  list ") && stdout(&help).contains("\n  run "),
        "{}",
        stdout(&help)
    );
    let plain = workflow(&["--help"]);
    assert!(stdout(&plain).contains("\n  list "), "{}", stdout(&plain));
    let none = workflow(&["list"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(stdout(&none), "");
    assert!(stderr(&none).contains("main_with"), "{}", stderr(&none));
    let valid = run(&["validate", "Greeting", "Pause"]);
    assert_eq!(valid.status.code(), Some(0), "{}", stderr(&valid));
    let graph = run(&["graph", "Greeting", "--format", "mermaid"]);
    assert!(
        stdout(&graph).starts_with("stateDiagram-v2"),
        "{}",
        stdout(&graph)
    );
    // Issue 64: a crate's workflow is typed from its `input { … }` schema, and run only on an
    // input that fits it.
    let types = run(&["types", "Greeting"]);
    assert!(
        stdout(&types).starts_with("/States/Choose: { Formal: bool }\n"),
        "{}",
        stdout(&types)
    );
    let misfit = run(&["run", "Greeting", "--input", r#"{"Formal": "yes"}"#]);
    assert_eq!(misfit.status.code(), Some(2), "{}", stderr(&misfit));
    assert!(
        stderr(&misfit).contains("the input does not fit the `input { … }` schema of `Greeting`")
            && stderr(&misfit).contains("/Formal: expected a boolean"),
        "{}",
        stderr(&misfit)
    );
    let executed = run(&["run", "Greeting", "--input", r#"{"Formal": false}"#]);
    assert_eq!(executed.status.code(), Some(0), "{}", stderr(&executed));
    assert!(
        stdout(&executed).contains("states: Choose → Casual"),
        "{}",
        stdout(&executed)
    );
    // Issue 93: a visit's replaced input is held to the same schema where the execution
    // starts (here `Choose`), before anything runs.
    let recorded = run(&[
        "run",
        "Greeting",
        "--input",
        r#"{"Formal": false}"#,
        "--json",
        "--history",
    ]);
    let recorded: Value = serde_json::from_str(&stdout(&recorded)).expect("JSON");
    let dir = tempfile::tempdir().expect("a directory");
    let history = write(
        dir.path(),
        "greeting.json",
        &json!({"events": recorded["history"]}).to_string(),
    );
    let history = history.to_str().unwrap_or_default();
    let resume_on = |input: &str| {
        let file = write(dir.path(), "input.json", input);
        run(&[
            "resume",
            "Greeting",
            "--history",
            history,
            "--at",
            "Choose",
            "--input",
            file.to_str().unwrap_or_default(),
        ])
    };
    let misfit = resume_on(r#"{"Formal": "yes"}"#);
    assert_eq!(misfit.status.code(), Some(2), "{}", stderr(&misfit));
    assert!(
        stderr(&misfit).contains("`--input`: the input does not fit the `input { … }` schema"),
        "{}",
        stderr(&misfit)
    );
    let formal = resume_on(r#"{"Formal": true}"#);
    assert_eq!(formal.status.code(), Some(0), "{}", stderr(&formal));
    assert!(
        stdout(&formal).contains("states: Choose → Formal"),
        "{}",
        stdout(&formal)
    );
    // Issue 73: a crate's workflow's Tasks are answered by its own handlers
    // (`CrateWorkflow::answered_by`): the card `0000` is declined, and caught.
    let items = r#""items": [{"sku": "a", "qty": 2}]"#;
    let charged = run(&[
        "run",
        "Checkout",
        "--input",
        &format!(r#"{{"card": "4242", {items}}}"#),
    ]);
    assert_eq!(charged.status.code(), Some(0), "{}", stderr(&charged));
    assert!(
        stdout(&charged).contains(r#""Payload":{"charged":true,"items":1}"#),
        "{}",
        stdout(&charged)
    );
    let declined = run(&[
        "run",
        "Checkout",
        "--input",
        &format!(r#"{{"card": "0000", {items}}}"#),
    ]);
    assert!(
        stdout(&declined).contains("Charge → Declined → Done"),
        "{}",
        stdout(&declined)
    );
    // A name that is neither a workflow of the crate nor a file.
    let unknown = run(&["graph", "Nobody"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("cannot read `Nobody`"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn run_takes_the_execution_type_names_region_and_account_and_runs_past_static_findings() {
    let dir = tempfile::tempdir().unwrap();
    let who = write(
        dir.path(),
        "who.asl.json",
        r#"{"StartAt": "Who", "States": {"Who": {"Type": "Pass",
            "Parameters": {"id.$": "$$.Execution.Id", "machine.$": "$$.StateMachine.Name"},
            "End": true}}}"#,
    );
    let out = workflow(&[
        "run",
        who.to_str().unwrap(),
        "--json",
        "--name",
        "first",
        "--machine-name",
        "Orders",
        "--region",
        "eu-west-1",
        "--account",
        "210987654321",
    ]);
    let summary: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        summary["output"],
        json!({"id": "arn:aws:states:eu-west-1:210987654321:execution:Orders:first", "machine": "Orders"})
    );
    // EXPRESS: an express execution's ARN, five minutes at most.
    let out = workflow(&["run", who.to_str().unwrap(), "--json", "--type", "EXPRESS"]);
    let summary: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        summary["output"]["id"]
            .as_str()
            .is_some_and(|id| id.contains(":express:")),
        "{summary}"
    );
    // A path the static data flow knows selects nothing: refused, or run as AWS runs it.
    let reads = write(
        dir.path(),
        "reads.asl.json",
        r#"{"StartAt": "Make", "States": {
            "Make": {"Type": "Pass", "Result": {"present": 1}, "Next": "Read"},
            "Read": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"#,
    );
    let refused = workflow(&["run", reads.to_str().unwrap(), "--json"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("PATH_SELECTS_NOTHING"),
        "{}",
        stderr(&refused)
    );
    let ran = workflow(&[
        "run",
        reads.to_str().unwrap(),
        "--json",
        "--errors-as-warnings",
    ]);
    assert_eq!(ran.status.code(), Some(1), "{}", stderr(&ran));
    assert!(stderr(&ran).contains("warning: "), "{}", stderr(&ran));
    let summary: Value = serde_json::from_str(&stdout(&ran)).unwrap();
    assert_eq!(summary["status"], "FAILED", "{summary}");
    assert_eq!(summary["error"], "States.Runtime", "{summary}");
}
