//! `workflow replay DEFINITION --history HISTORY.json [--json]`: exit 0 and `replays
//! identically`; exit 1 naming the first divergent state and event, what was recorded and
//! what the definition does now; exit 2 for a file it cannot read (located). A crate's own
//! workflow is named on the command line through `main_with`.

use super::cli::{stderr, stdout, write};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/started_scaler.rs"]
pub(crate) mod started_scaler;

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

/// `workflow` exited with `code`.
#[track_caller]
fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}{}",
        stdout(out),
        stderr(out)
    );
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

/// `ORDER` written in `dir`, and the history of its run on `{"order": 7}` with `Charge`
/// answered `ok`.
fn recorded_order(tool: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let definition = write(dir, "order.asl.json", ORDER);
    let mock = write(dir, "mocks.json", &mocks(true));
    let history = record(
        tool,
        dir,
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
    (definition, history)
}

#[test]
fn replay_exits_0_1_or_2_and_names_the_first_divergence() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (definition, history) = recorded_order(tool, dir.path());

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
    assert!(error.contains("missing field `timestamp`"), "{error}");
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

#[test]
fn a_changed_result_is_reported_at_its_state_with_a_pointer_and_paths_only_relaxes_it() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (_, history) = recorded_order(tool, dir.path());
    // `Ship` now writes another status: the path is the same, the data is not.
    let changed = write(
        dir.path(),
        "changed.asl.json",
        &ORDER.replace(r#""Result": "shipped""#, r#""Result": "sent""#),
    );
    let out = replay(tool, &changed, &history, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.starts_with("diverges at state `Ship`, event"),
        "{report}"
    );
    assert!(
        report.contains("(PassStateExited): the data differs"),
        "{report}"
    );
    assert!(
        report.contains(r#"/output/status: "shipped" → "sent""#),
        "{report}"
    );
    assert!(
        report.contains("the run takes the recorded path: only the data differs"),
        "{report}"
    );
    let out = replay(tool, &changed, &history, &["--json"]);
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["identical"], false);
    assert_eq!(json["recordedPath"], true);
    assert_eq!(json["divergence"]["kind"], "data");
    assert_eq!(json["divergence"]["state"], "Ship");
    assert_eq!(
        json["divergence"]["changes"],
        json!([{"pointer": "/output/status", "recorded": "shipped", "now": "sent"}])
    );
    // The execution's output differs too: every difference is listed.
    assert_eq!(json["summary"]["data"], 2, "{json:#}");
    let relaxed = replay(tool, &changed, &history, &["--paths-only"]);
    assert_eq!(relaxed.status.code(), Some(0), "{}", stdout(&relaxed));
}

const JSONPATH_DRAWS: &str = r#"{"StartAt": "Tag", "States": {
  "Tag": {"Type": "Pass", "Parameters": {"claimId.$": "States.UUID()", "score.$": "States.MathRandom(1, 100)",
    "ref.$": "States.Format('claim-{}', States.UUID())", "started.$": "$$.Execution.StartTime",
    "entered.$": "$$.State.EnteredTime", "amount.$": "$.amount"}, "Next": "Route"},
  "Route": {"Type": "Choice", "Choices": [{"Variable": "$.score", "NumericGreaterThan": 50, "Next": "Review"}],
    "Default": "Approve"},
  "Review": {"Type": "Pass", "Parameters": {"claim.$": "$", "reviewer.$": "States.UUID()"}, "End": true},
  "Approve": {"Type": "Pass", "Result": "approved", "ResultPath": "$.decision", "End": true}}}"#;

const JSONATA_DRAWS: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "Tag", "States": {
  "Tag": {"Type": "Pass", "Assign": {"claimId": "{% $uuid() %}"},
    "Output": {"score": "{% $floor($random() * 100) %}", "roll": "{% $random() %}", "at": "{% $now() %}",
      "ms": "{% $millis() %}", "ref": "{% 'claim-' & $uuid() %}",
      "started": "{% $states.context.Execution.StartTime %}", "amount": "{% $states.input.amount %}"},
    "Next": "Route"},
  "Route": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.roll > 0.5 %}", "Next": "Review"}],
    "Default": "Approve"},
  "Review": {"Type": "Pass", "Output": {"claim": "{% $claimId %}", "by": "{% $uuid() %}"}, "End": true},
  "Approve": {"Type": "Pass", "Output": {"claim": "{% $claimId %}", "decision": "approved"}, "End": true}}}"#;

/// The AWS CLI's environment for `workflow` pointed at `endpoint` (the client's default
/// configuration chain, as a user's).
pub(crate) fn at_endpoint<'c>(command: &'c mut Command, endpoint: &str) -> &'c mut Command {
    command
        .env("AWS_ENDPOINT_URL_SFN", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/aws-credentials",
        )
        .env_remove("AWS_PROFILE")
}

/// Deploys `definition` as `name` on `workflow serve` at `endpoint` (through the project's
/// client), starts an execution with input `{"amount": N}` for each `N` of `inputs` and waits
/// for each to end: their ARNs, in order.
fn executions(
    endpoint: &str,
    name: &str,
    definition: &str,
    inputs: std::ops::Range<usize>,
) -> Vec<String> {
    use workflow_runtime::client::{StateMachineSpec, WaitOptions};
    let role = "arn:aws:iam::123456789012:role/test"
        .parse()
        .expect("a role");
    super::client_moto::runtime().block_on(async {
        let client = super::client_moto::client_for(endpoint).await;
        let machine = client
            .deploy_spec(&StateMachineSpec::new(name, definition, role))
            .await
            .expect("deploy")
            .state_machine;
        let mut arns = Vec::new();
        for n in inputs {
            let execution = machine
                .execute_any(&json!({"amount": n}))
                .send()
                .await
                .expect("start");
            let ended = execution
                .wait(WaitOptions::default())
                .await
                .expect("it ends");
            assert_eq!(ended.status.as_str(), "SUCCEEDED", "{ended:?}");
            arns.push(execution.arn().to_string());
        }
        arns
    })
}

/// The history file `aws stepfunctions get-execution-history --output json` writes for the
/// execution `arn`.
fn history_file(endpoint: &str, arn: &str) -> Value {
    let (code, history, err) =
        super::serve::aws(endpoint, &["get-execution-history", "--execution-arn", arn]);
    assert_eq!(code, 0, "{err}");
    history
}

#[test]
fn executions_that_draw_at_run_time_replay_from_a_file_and_through_the_client() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let server = workflow_serve::Server::builder()
        .port(0)
        .start()
        .expect("serve");
    let endpoint = server.endpoint_url();
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, definition, changed_state) in [
        ("JsonPathDraws", JSONPATH_DRAWS, "Tag"),
        ("JsonataDraws", JSONATA_DRAWS, "Tag"),
    ] {
        let file = write(dir.path(), &format!("{name}.asl.json"), definition);
        // A change that does not touch what is drawn, and one that does.
        let changed = write(
            dir.path(),
            &format!("{name}-changed.asl.json"),
            &definition.replace("claim-", "order-"),
        );
        let mut routes = std::collections::BTreeSet::new();
        // Executions until the draws have taken the Choice both ways (at most 24).
        for n in 0..24 {
            if routes.len() == 2 && n >= 3 {
                break;
            }
            let arn = executions(&endpoint, name, definition, n..n + 1)
                .pop()
                .expect("an execution");
            // The file `aws stepfunctions get-execution-history --output json` writes.
            let history = history_file(&endpoint, &arn);
            let states: Vec<&str> = history["events"]
                .as_array()
                .expect("events")
                .iter()
                .filter_map(|e| e["stateEnteredEventDetails"]["name"].as_str())
                .collect();
            routes.insert(states.get(2).copied().unwrap_or_default().to_owned());
            let path = write(dir.path(), "history.json", &history.to_string());
            let out = replay(tool, &file, &path, &[]);
            assert_identical(&out);
            let through_client = at_endpoint(
                Command::new(tool)
                    .arg("replay")
                    .arg(&file)
                    .args(["--execution-arn", &arn]),
                &endpoint,
            )
            .output()
            .expect("the workflow binary runs");
            assert_identical(&through_client);
            let out = replay(tool, &changed, &path, &["--json"]);
            assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
            let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
            assert_eq!(report["divergence"]["state"], changed_state, "{report:#}");
            assert_eq!(report["divergence"]["kind"], "data", "{report:#}");
        }
        // The draws took the Choice both ways, and each replay took the recorded one.
        assert_eq!(routes.len(), 2, "{name}: {routes:?}");
    }
}

#[test]
fn a_stopped_execution_replays_to_its_abort() {
    use super::serve::aws;
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let server = workflow_serve::Server::builder()
        .port(0)
        .start()
        .expect("serve");
    let endpoint = server.endpoint_url();
    let definition = r#"{"StartAt": "Tag", "States": {
      "Tag": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "Next": "Wait"},
      "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
      "Done": {"Type": "Pass", "End": true}}}"#;
    let (code, created, err) = aws(
        &endpoint,
        &[
            "create-state-machine",
            "--name",
            "Stopped",
            "--definition",
            definition,
            "--role-arn",
            "arn:aws:iam::123456789012:role/test",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let machine = created["stateMachineArn"].as_str().expect("an ARN");
    let (_, started, _) = aws(
        &endpoint,
        &["start-execution", "--state-machine-arn", machine],
    );
    let arn = started["executionArn"].as_str().expect("an ARN");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let (code, _, err) = aws(
        &endpoint,
        &[
            "stop-execution",
            "--execution-arn",
            arn,
            "--error",
            "Operator",
            "--cause",
            "stopped by hand",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (_, history, _) = aws(
        &endpoint,
        &["get-execution-history", "--execution-arn", arn],
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = write(dir.path(), "stopped.asl.json", definition);
    let path = write(dir.path(), "history.json", &history.to_string());
    let out = replay(tool, &file, &path, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(report["status"], "ABORTED", "{report:#}");
    assert_eq!(report["error"], "Operator");
    assert_eq!(report["states"], json!(["Tag", "Wait"]));
    // A Wait that ends at once would have left it before the stop: it diverges there.
    let skipping = write(
        dir.path(),
        "skipping.asl.json",
        &definition.replace(r#""Seconds": 3600"#, r#""Seconds": 0"#),
    );
    let out = replay(tool, &skipping, &path, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = stdout(&out);
    assert!(
        report.starts_with("diverges at state `Wait`, event 5 (ExecutionAborted)"),
        "{report}"
    );
    assert!(report.contains("now:      WaitStateExited"), "{report}");
}

#[test]
fn a_state_machines_executions_replay_at_once_with_a_line_each_a_summary_and_junit() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let server = workflow_serve::Server::builder()
        .port(0)
        .start()
        .expect("serve");
    let endpoint = server.endpoint_url();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let count = 40;
    let arns = executions(&endpoint, "Claims", JSONPATH_DRAWS, 0..count);
    let machine = arns[0]
        .replace(":execution:", ":stateMachine:")
        .rsplit_once(':')
        .map(|(machine, _)| machine.to_owned())
        .expect("a machine ARN");
    let file = write(dir.path(), "claims.asl.json", JSONPATH_DRAWS);
    let junit = dir.path().join("claims.xml");
    let all = at_endpoint(
        Command::new(tool).arg("replay").arg(&file).args([
            "--executions-of",
            &machine,
            "--junit",
            junit.to_str().expect("utf-8"),
        ]),
        &endpoint,
    )
    .output()
    .expect("the workflow binary runs");
    assert_eq!(
        all.status.code(),
        Some(0),
        "{}{}",
        stdout(&all),
        stderr(&all)
    );
    let lines = stdout(&all);
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.starts_with("identical "))
            .count(),
        count
    );
    assert!(
        lines.ends_with(&format!(
            "{count} executions: {count} replay identically, 0 diverge, 0 could not be replayed\n"
        )),
        "{lines}"
    );
    let read = super::workflow_test::read_junit(&junit);
    assert_eq!(read["tests"], count, "{read:#}");
    assert_eq!(read["failures"], 0, "{read:#}");
    assert!(super::workflow_test::xunit_schema_errors(&junit).is_empty());

    // A change to the approved branch: the executions that took it diverge, each named.
    let changed = write(
        dir.path(),
        "changed.asl.json",
        &JSONPATH_DRAWS.replace(r#""Result": "approved""#, r#""Result": "accepted""#),
    );
    let out = at_endpoint(
        Command::new(tool).arg("replay").arg(&changed).args([
            "--executions-of",
            &machine,
            "--junit",
            junit.to_str().expect("utf-8"),
            "--json",
        ]),
        &endpoint,
    )
    .output()
    .expect("the workflow binary runs");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let approved = report["executions"]
        .as_array()
        .expect("executions")
        .iter()
        .filter(|e| {
            e["replay"]["divergence"]["state"] == "Approve"
                && e["replay"]["divergence"]["kind"] == "data"
        })
        .count();
    assert!(approved > 0, "{report:#}");
    assert_eq!(report["summary"]["diverged"], approved, "{report:#}");
    assert_eq!(
        report["summary"]["identical"],
        count - approved,
        "{report:#}"
    );
    let read = super::workflow_test::read_junit(&junit);
    assert_eq!(read["failures"], approved, "{read:#}");
    let failed: Vec<&Value> = read["suites"][0]["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .flat_map(|c| c["results"].as_array().into_iter().flatten())
        .collect();
    assert!(
        failed.iter().all(|r| r["message"]
            .as_str()
            .is_some_and(|m| m.contains("state `Approve`"))
            && r["type"] == "DataDiffers"),
        "{failed:#?}"
    );

    // --max and --status select; a directory of files replays the same way, a file that is
    // not a history counting as one that could not be replayed.
    let some = at_endpoint(
        Command::new(tool).arg("replay").arg(&file).args([
            "--executions-of",
            &machine,
            "--status",
            "SUCCEEDED",
            "--max",
            "5",
        ]),
        &endpoint,
    )
    .output()
    .expect("the workflow binary runs");
    assert!(
        stdout(&some)
            .ends_with("5 executions: 5 replay identically, 0 diverge, 0 could not be replayed\n"),
        "{}",
        stdout(&some)
    );
    let histories = dir.path().join("histories");
    std::fs::create_dir(&histories).expect("a directory");
    for arn in &arns[..3] {
        let (_, history, _) = super::serve::aws(
            &endpoint,
            &["get-execution-history", "--execution-arn", arn],
        );
        let name = arn.rsplit(':').next().unwrap_or_default();
        write(&histories, &format!("{name}.json"), &history.to_string());
    }
    write(&histories, "broken.json", "{\"events\": 3}");
    let out = replay(tool, &file, &histories, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("could not replay broken.json: "), "{text}");
    assert!(
        text.ends_with("4 executions: 3 replay identically, 0 diverge, 1 could not be replayed\n"),
        "{text}"
    );
}

#[test]
fn paths_only_fails_where_a_started_child_takes_another_path() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let dir = tempfile::tempdir().expect("a directory");
    let (record, child) = started_scaler::recorded_starter();
    let history = dir.path().join("record");
    record.write_dir(&history).expect("the record written");
    let same = write(
        dir.path(),
        "starter.asl.json",
        &started_scaler::starter("$.n"),
    );
    assert_identical(&replay(tool, &same, &history, &["--paths-only"]));
    // The parent starts its child on 15 now: replayed on what it is sent, the child ends in
    // `Large`. The parent's own events only differ in their data, but a path taken otherwise
    // in a child is the replay's: `--paths-only` fails, and the reports say the same.
    let changed = write(
        dir.path(),
        "changed.asl.json",
        &started_scaler::starter("States.MathAdd($.n, 10)"),
    );
    let junit = dir.path().join("junit.xml");
    let out = replay(
        tool,
        &changed,
        &history,
        &[
            "--paths-only",
            "--json",
            "--junit",
            junit.to_str().unwrap_or_default(),
        ],
    );
    assert_exit(&out, 1);
    let report: Value = serde_json::from_str(&stdout(&out)).expect("one JSON object");
    assert_eq!(report["recordedPath"], false, "{report:#}");
    assert_eq!(
        report["pathDivergence"]["execution"],
        child.to_string(),
        "{report:#}"
    );
    let xml = std::fs::read_to_string(&junit).expect("the JUnit report");
    assert!(xml.contains("PathDiverges"), "{xml}");
    let out = replay(tool, &changed, &history, &[]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains(&format!(
            "then takes another path at child execution {child}"
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_maps_items_are_read_again_with_s3_and_said_unchecked_without() {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    let dir = tempfile::tempdir().expect("a directory");
    let orders = |selector: Value| {
        json!({"StartAt": "Orders", "States": {"Orders": {
            "Type": "Map", "Label": "Orders", "End": true,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "JSON"},
                "Parameters": {"Bucket": "data", "Key": "orders.json"}},
            "ItemSelector": selector,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Take", "States": {"Take": {"Type": "Pass", "End": true}}}}}})
        .to_string()
    };
    let qty = json!({"qty.$": "$$.Map.Item.Value.qty"});
    let s3 = dir.path().join("s3");
    let store = workflow_runtime::engine::ObjectStore::directory(&s3);
    store
        .put(
            "data",
            "orders.json",
            r#"[{"id": 1, "qty": 5}, {"id": 2, "qty": 20}]"#,
        )
        .expect("put");
    let machine =
        workflow_runtime::asl::StateMachine::from_json(&orders(qty.clone())).expect("a definition");
    let run = workflow_runtime::engine::blocking::run(
        workflow_runtime::engine::Engine::new()
            .object_store(store)
            .machine(&machine),
    )
    .expect("it runs");
    let history = dir.path().join("record");
    workflow_runtime::execution::RecordedHistory::of_run(&run)
        .write_dir(&history)
        .expect("the record written");
    let same = write(dir.path(), "orders.asl.json", &orders(qty));
    // Without the items: identical, and the report says what it took from the record and
    // which flag would check it.
    let out = replay(tool, &same, &history, &[]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(
        text.starts_with("replays identically\nnot checked: state `Orders`"),
        "{text}"
    );
    assert!(
        text.contains("s3://data/orders.json") && text.contains("--s3 DIR"),
        "{text}"
    );
    // With them, it reads them again: nothing left unchecked, and a changed ItemSelector
    // changes each child's input.
    let s3_arg = s3.to_str().unwrap_or_default();
    assert_identical(&replay(tool, &same, &history, &["--s3", s3_arg]));
    let changed = write(
        dir.path(),
        "changed.asl.json",
        &orders(json!({"qty.$": "$$.Map.Item.Value.qty", "id.$": "$$.Map.Item.Value.id"})),
    );
    let out = replay(tool, &changed, &history, &["--s3", s3_arg, "--paths-only"]);
    assert_exit(&out, 0);
    let out = replay(tool, &changed, &history, &["--s3", s3_arg]);
    assert_exit(&out, 1);
    assert!(
        stdout(&out).contains("ExecutionStarted"),
        "{}",
        stdout(&out)
    );
}
