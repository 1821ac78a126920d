//! `workflow replay DEFINITION --history HISTORY.json [--json]`: exit 0 and `replays
//! identically`; exit 1 naming the first divergent state and event, what was recorded and
//! what the definition does now; exit 2 for a file it cannot read (located). A crate's own
//! workflow is named on the command line through `main_with`.

use super::cli::{stderr, stdout, write};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ORDER: &str = r#"{"StartAt": "Charge", "States": {
  "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "ResultSelector": {"ok.$": "$.Payload.ok"},
    "ResultPath": "$.charge", "Next": "Paid?"},
  "Paid?": {"Type": "Choice", "Choices": [{"Variable": "$.charge.ok", "BooleanEquals": true, "Next": "Ship"}],
    "Default": "Refuse"},
  "Refuse": {"Type": "Fail", "Error": "Refused"},
  "Ship": {"Type": "Pass", "Result": "shipped", "ResultPath": "$.status", "End": true}}}"#;

/// A mock configuration answering `Charge` with `ok`.
fn mocks(ok: bool) -> String {
    json!({"StateMachines": {"Order": {"TestCases": {"recorded": {"Charge": "Charged"}}}},
        "MockedResponses": {"Charged": {"0": {"Return": {"Payload": {"ok": ok}, "StatusCode": 200}}}}})
    .to_string()
}

fn workflow(tool: &Path, args: &[&str]) -> Output {
    Command::new(tool)
        .args(args)
        .output()
        .expect("the workflow binary runs")
}

/// `workflow replay DEFINITION --history HISTORY EXTRA...`.
fn replay(
    tool: &Path,
    definition: impl AsRef<OsStr>,
    history: impl AsRef<OsStr>,
    extra: &[&str],
) -> Output {
    Command::new(tool)
        .arg("replay")
        .arg(definition)
        .arg("--history")
        .arg(history)
        .args(extra)
        .output()
        .expect("the workflow binary runs")
}

/// `workflow replay` said the replay is identical.
fn assert_identical(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(out), stderr(out));
    assert_eq!(stdout(out), "replays identically\n");
}

/// The history `workflow run --json --history` records for `definition`, as the file `aws
/// stepfunctions get-execution-history --output json` writes: `{"events": [...]}`.
fn record(tool: &Path, dir: &Path, definition: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec![
        "run",
        definition.to_str().unwrap_or_default(),
        "--json",
        "--history",
    ];
    args.extend_from_slice(extra);
    let out = workflow(tool, &args);
    let summary: Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let file = json!({"events": summary["history"]});
    write(
        dir,
        "history.json",
        &serde_json::to_string_pretty(&file).unwrap_or_default(),
    )
}

#[test]
fn replay_exits_0_1_or_2_and_names_the_first_divergence() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let definition = write(dir.path(), "order.asl.json", ORDER);
    let mock = write(dir.path(), "mocks.json", &mocks(true));
    let history = record(
        tool,
        dir.path(),
        &definition,
        &[
            "--input",
            r#"{"order": 7}"#,
            "--mock-config",
            mock.to_str().unwrap_or_default(),
            "--test-case",
            "recorded",
        ],
    );

    // The same definition, on the recorded results: no mock needed.
    let same = replay(tool, &definition, &history, &[]);
    assert_identical(&same);

    // A fix that changes what already ran: the Choice now refuses.
    let changed = write(
        dir.path(),
        "changed.asl.json",
        &ORDER.replace(r#""BooleanEquals": true"#, r#""BooleanEquals": false"#),
    );
    let out = replay(tool, &changed, &history, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.starts_with("diverges at state `Refuse` (after `Paid?`), event"),
        "{report}"
    );
    assert!(
        report.contains("recorded: PassStateEntered `Ship`"),
        "{report}"
    );
    assert!(
        report.contains("now:      FailStateEntered `Refuse`"),
        "{report}"
    );

    // The same as one JSON object.
    let out = replay(tool, &changed, &history, &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["identical"], false);
    assert_eq!(report["divergence"]["state"], "Refuse");
    assert_eq!(
        report["divergence"]["recordedEvent"]["type"],
        "PassStateEntered"
    );
    assert_eq!(report["status"], "FAILED");

    // A file that is not a history: located, exit 2.
    let broken = write(
        dir.path(),
        "broken.json",
        "{\"events\": [\n  {\"id\": 1}\n]}",
    );
    let out = replay(tool, &definition, &broken, &[]);
    assert_eq!(out.status.code(), Some(2));
    let error = stderr(&out);
    assert!(error.contains("broken.json: /events/0"), "{error}");
    assert!(error.contains("no `type`"), "{error}");
    let missing = replay(tool, &definition, "/nowhere/history.json", &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/nowhere/history.json"));
}

#[test]
fn a_crates_own_workflow_replays_by_name() {
    // examples/workflow_cli.rs: the `src/bin/workflow.rs` of a crate with two workflows.
    let tool = super::client_moto::example_binary("workflow_cli");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let history = record(
        &tool,
        dir.path(),
        Path::new("Greeting"),
        &["--input", r#"{"Formal": true}"#],
    );
    let out = replay(&tool, "Greeting", &history, &[]);
    assert_identical(&out);
}
