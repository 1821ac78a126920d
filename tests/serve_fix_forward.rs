//! Fix forward on `workflow serve` (issue 72): executions with Distributed Maps recorded on
//! the server replay identically from their records (a record's directory, written by
//! `workflow history --format record`, and through `--execution-arn`) without reading their
//! items again; changed definitions are named at the right child and state; failed executions
//! are resumed on a fixed definition locally (`workflow resume`) and on the server
//! (`workflow resume --deploy`: a synthesised state machine deployed and started through
//! aws-sdk-sfn), and the two runs' histories are compared.

mod resume_table;

use super::cli::{stderr, stdout, write};
use super::client_moto::{client_for, runtime};
use super::replay_cli::at_endpoint;
use super::serve::LambdaStub;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::client::{StateMachineSpec, WaitOptions};
use workflow_runtime::engine::{Engine, ObjectStore};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent};
use workflow_serve::Server;

const ROLE: &str = "arn:aws:iam::123456789012:role/test";

/// `workflow ARGS` with the client's configuration pointed at `endpoint`.
fn workflow(endpoint: &str, args: &[&str]) -> Output {
    let tool = Path::new(env!("CARGO_BIN_EXE_workflow"));
    at_endpoint(Command::new(tool).args(args), endpoint)
        .output()
        .expect("the workflow binary runs")
}

/// The JSON a command printed.
fn json_of(out: &Output) -> Value {
    serde_json::from_str(stdout(out).trim())
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

/// The readers: a CSV object, a JSON object, a listing; each item's `n` as the
/// `ItemSelector` makes it.
fn reader(kind: &str) -> (Value, Value) {
    match kind {
        "CSV" => (
            json!({"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                "Parameters": {"Bucket": "data", "Key": "orders.csv"}}),
            json!({"n.$": "States.StringToJson($$.Map.Item.Value.qty)"}),
        ),
        "JSON" => (
            json!({"Resource": "arn:aws:states:::s3:getObject",
                "ReaderConfig": {"InputType": "JSON"},
                "Parameters": {"Bucket": "data", "Key": "orders.json"}}),
            json!({"n.$": "$$.Map.Item.Value.qty"}),
        ),
        _ => (
            json!({"Resource": "arn:aws:states:::s3:listObjectsV2",
                "Parameters": {"Bucket": "data", "Prefix": "orders/"}}),
            json!({"n.$": "$$.Map.Item.Value.Size"}),
        ),
    }
}

/// A nightly job over `kind`'s three orders (5, 20 and 8 units): each child doubles its
/// order's units (the Lambda function `Double`) and sorts it by `threshold`; the results are
/// written to `out/runs`, shaped by `transformation`.
fn nightly(
    kind: &str,
    execution_type: &str,
    threshold: u32,
    selector: Value,
    transformation: &str,
) -> String {
    let (reader, item) = reader(kind);
    json!({"StartAt": "Orders", "States": {"Orders": {
        "Type": "Map", "Label": "Orders", "MaxConcurrency": 1,
        "ItemReader": reader, "ItemSelector": item,
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "out", "Prefix": "runs"},
            "WriterConfig": {"Transformation": transformation, "OutputType": "JSON"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
          "StartAt": "Double", "States": {
            "Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "Double", "Payload": {"n.$": "$.n"}},
              "ResultSelector": selector, "Next": "Big?"},
            "Big?": {"Type": "Choice", "Choices": [{"Variable": "$.total", "NumericGreaterThan": threshold, "Next": "Review"}],
              "Default": "Fine"},
            "Review": {"Type": "Pass", "Result": "review", "ResultPath": "$.verdict", "End": true},
            "Fine": {"Type": "Pass", "Result": "fine", "ResultPath": "$.verdict", "End": true}}},
        "End": true}}})
    .to_string()
}

fn selector() -> Value {
    json!({"total.$": "$.Payload.doubled"})
}

/// A directory standing for S3 with the orders as a CSV object, a JSON object and three
/// objects under `orders/` (their sizes the units).
fn s3() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a directory");
    let store = ObjectStore::directory(dir.path());
    store
        .put("data", "orders.csv", "id,qty\n1,5\n2,20\n3,8\n")
        .expect("put");
    store
        .put(
            "data",
            "orders.json",
            json!([{"id": 1, "qty": 5}, {"id": 2, "qty": 20}, {"id": 3, "qty": 8}]).to_string(),
        )
        .expect("put");
    for (id, units) in [(1, 5), (2, 20), (3, 8)] {
        store
            .put("data", &format!("orders/{id}"), "x".repeat(units))
            .expect("put");
    }
    dir
}

/// A copy of the S3 directory without the items (`data`): what the replays are given, so
/// that reading the items again would fail them.
fn without_items(s3: &Path) -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("a directory");
    let mut pending = vec![PathBuf::from("out")];
    while let Some(relative) = pending.pop() {
        let from = s3.join(&relative);
        if from.is_dir() {
            std::fs::create_dir_all(copy.path().join(&relative)).expect("mkdir");
            for entry in std::fs::read_dir(&from).expect("list").flatten() {
                pending.push(relative.join(entry.file_name()));
            }
        } else if from.is_file() {
            std::fs::copy(&from, copy.path().join(&relative)).expect("copy");
        }
    }
    copy
}

/// Deploys `definition` as `name` and runs an execution of it to its end: its ARN and status.
fn executed(
    endpoint: &str,
    name: &str,
    definition: &str,
    input: Value,
) -> (String, ExecutionStatus) {
    executed_until(endpoint, name, definition, input, None)
}

/// The same, stopped by hand (`StopExecution`) once it entered the state `stop_in`, if given.
fn executed_until(
    endpoint: &str,
    name: &str,
    definition: &str,
    input: Value,
    stop_in: Option<&str>,
) -> (String, ExecutionStatus) {
    runtime().block_on(async {
        let client = client_for(endpoint).await;
        let role = ROLE.parse().expect("a role");
        let machine = client
            .deploy_spec(&StateMachineSpec::new(name, definition, role))
            .await
            .expect("deploy")
            .state_machine;
        let execution = machine.execute_any(&input).send().await.expect("start");
        if let Some(state) = stop_in {
            for _ in 0..250 {
                let history = execution.history().await.expect("history");
                if history.iter().any(|e| e.kind.state_name() == Some(state)) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            execution
                .stop()
                .cause("stopped by hand")
                .send()
                .await
                .expect("stop");
        }
        let ended = execution.wait(quick_wait()).await.expect("it ends");
        (execution.arn().to_string(), ended.status)
    })
}

/// How the tests wait for an execution on `workflow serve` (virtual time: its executions
/// end in milliseconds): polls 5 ms apart at first, at most 50 ms.
fn quick_wait() -> WaitOptions {
    WaitOptions {
        initial_delay: std::time::Duration::from_millis(5),
        multiplier: 1.5,
        max_delay: std::time::Duration::from_millis(50),
        ..WaitOptions::default()
    }
}

/// `workflow serve` on virtual time for the Distributed Maps of these tests: a Lambda stub
/// answering their children's Tasks, and a directory standing for S3 holding their items
/// (kept alive with the server).
fn serving_maps() -> (LambdaStub, tempfile::TempDir, Server) {
    let lambda = LambdaStub::start();
    let s3 = s3();
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .object_store(ObjectStore::directory(s3.path()))
        .lambda_endpoint(lambda.1.clone())
        .start()
        .expect("serve");
    (lambda, s3, server)
}

#[test]
fn distributed_maps_recorded_on_workflow_serve_replay_from_their_records_and_name_each_change() {
    let (lambda, s3, server) = serving_maps();
    let endpoint = server.endpoint_url();
    let dir = tempfile::tempdir().expect("a directory");
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for kind in ["CSV", "JSON", "listObjectsV2"] {
        for execution_type in ["STANDARD", "EXPRESS"] {
            let name = format!(
                "Nightly-{}-{execution_type}",
                kind.replace("listObjectsV2", "List")
            );
            let definition = nightly(kind, execution_type, 30, selector(), "NONE");
            let (arn, status) = executed(&endpoint, &name, &definition, json!({}));
            assert_eq!(status, ExecutionStatus::Succeeded, "{name}");
            let file = write(dir.path(), &format!("{name}.asl.json"), &definition);
            let record = dir.path().join(&name);
            let out = workflow(
                &endpoint,
                &[
                    "history",
                    &arn,
                    "--format",
                    "record",
                    "-o",
                    record.to_str().unwrap_or_default(),
                ],
            );
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let written = without_items(s3.path());
            let s3_arg = written.path().to_str().unwrap_or_default();
            // Unchanged, from the files and through the client: no items read, no Task called
            // (the Lambda stub is not given to the replays).
            for source in [
                vec!["--history", record.to_str().unwrap_or_default()],
                vec!["--execution-arn", arn.as_str()],
            ] {
                let mut args = vec!["replay", file.to_str().unwrap_or_default(), "--s3", s3_arg];
                args.extend(source);
                let out = workflow(&endpoint, &args);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{name}: {}{}",
                    stdout(&out),
                    stderr(&out)
                );
                assert!(
                    stdout(&out).starts_with("replays identically"),
                    "{}",
                    stdout(&out)
                );
                // EXPRESS children keep no history: with nothing to answer their Tasks, their
                // recorded ends stand, and the report says so.
                assert_eq!(
                    stdout(&out).contains("3 EXPRESS child executions taken from the record"),
                    execution_type == "EXPRESS",
                    "{}",
                    stdout(&out)
                );
                *counts.entry("identical").or_default() += 1;
            }
            // Changed: one child's path (the order of 20 units, 40 > 30, now 8 units: 16 > 12
            // too), every child's data, one child's data (what `Review`, taken by the order of
            // 20 units alone, writes), the writer's output.
            let one_child = definition.replace(r#""Result":"review""#, r#""Result":"check""#);
            assert_ne!(one_child, definition);
            let changes = [
                (
                    "path",
                    nightly(kind, execution_type, 12, selector(), "NONE"),
                ),
                (
                    "data",
                    nightly(
                        kind,
                        execution_type,
                        30,
                        json!({"total.$": "$.Payload.doubled", "unit": "crate"}),
                        "NONE",
                    ),
                ),
                ("one child's data", one_child),
                (
                    "writer",
                    nightly(kind, execution_type, 30, selector(), "COMPACT"),
                ),
            ];
            // Each from the record's files and through the client.
            let sources = [
                ["--history", record.to_str().unwrap_or_default()],
                ["--execution-arn", arn.as_str()],
            ];
            for ((change, changed), source) in changes
                .iter()
                .flat_map(|c| sources.iter().map(move |s| (c, s)))
            {
                let change = *change;
                let file = write(
                    dir.path(),
                    &format!("{name}-{}.asl.json", change.replace(['\'', ' '], "-")),
                    changed,
                );
                // An EXPRESS child runs again only when its Tasks are answered: here by the
                // Lambda function, as when it was recorded.
                let mut args = vec!["replay", file.to_str().unwrap_or_default()];
                args.extend(source);
                args.extend(["--s3", s3_arg, "--json"]);
                if execution_type == "EXPRESS" {
                    args.extend(["--lambda-endpoint", lambda.1.as_str()]);
                }
                let out = workflow(&endpoint, &args);
                assert_eq!(
                    out.status.code(),
                    Some(1),
                    "{name} {change}: {}",
                    stderr(&out)
                );
                let report = json_of(&out);
                let differences = report["differences"].as_array().expect("differences");
                let express = execution_type == "EXPRESS";
                match change {
                    // A STANDARD child's other path is in its history; an EXPRESS child has
                    // none: its other end is what shows.
                    "path" if !express => {
                        let d = &report["pathDivergence"];
                        let child = d["execution"].as_str().expect("in a child");
                        assert!(child.contains(&format!("{name}/Orders:")), "{report:#}");
                        assert_eq!(d["state"], "Review", "{report:#}");
                        assert_eq!(d["afterState"], "Big?", "{report:#}");
                        // The other children replay: only that one diverges.
                        assert!(
                            differences
                                .iter()
                                .filter(|d| d["file"].is_null())
                                .all(|d| d["execution"] == child)
                        );
                    }
                    "path" | "data" | "one child's data" if express => {
                        let d = &report["divergence"];
                        assert!(
                            d["execution"]
                                .as_str()
                                .is_some_and(|c| c.contains(":express:")),
                            "{report:#}"
                        );
                        assert_eq!(d["kind"], "data", "{report:#}");
                        assert!(d["changes"].to_string().contains("/output/"), "{report:#}");
                    }
                    "data" => {
                        assert_eq!(report["recordedPath"], true, "{report:#}");
                        let d = &report["divergence"];
                        assert!(d["execution"].is_string(), "{report:#}");
                        assert_eq!(d["state"], "Double", "{report:#}");
                    }
                    "one child's data" => {
                        // Named at the one child that took `Review`, at that state; the other
                        // children replay.
                        assert_eq!(report["recordedPath"], true, "{report:#}");
                        let d = &report["divergence"];
                        let child = d["execution"].as_str().expect("in a child");
                        assert!(child.contains(&format!("{name}/Orders:")), "{report:#}");
                        assert_eq!(d["state"], "Review", "{report:#}");
                        assert!(
                            differences
                                .iter()
                                .filter(|d| d["file"].is_null())
                                .all(|d| d["execution"] == child),
                            "{report:#}"
                        );
                    }
                    _ => {
                        assert!(
                            differences.iter().all(|d| d["state"] == "Orders"
                                && d["file"]
                                    .as_str()
                                    .is_some_and(|f| f.starts_with("s3://out/runs/"))),
                            "{report:#}"
                        );
                    }
                }
                *counts.entry(change).or_default() += 1;
            }
        }
    }
    // Every execution, each way, each change.
    assert_eq!(
        counts,
        [
            ("data", 12),
            ("identical", 12),
            ("one child's data", 12),
            ("path", 12),
            ("writer", 12)
        ]
        .into_iter()
        .collect()
    );
}

#[test]
fn a_state_machines_executions_with_distributed_maps_replay_at_once_with_junit() {
    let (_lambda, s3, server) = serving_maps();
    let endpoint = server.endpoint_url();
    let definition = nightly("CSV", "STANDARD", 30, selector(), "NONE");
    let mut machine = String::new();
    for _ in 0..2 {
        let (arn, status) = executed(&endpoint, "Many", &definition, json!({}));
        assert_eq!(status, ExecutionStatus::Succeeded);
        machine = arn.replace(":execution:", ":stateMachine:");
        machine.truncate(machine.rfind(':').unwrap_or(machine.len()));
    }
    let dir = tempfile::tempdir().expect("a directory");
    let changed = write(
        dir.path(),
        "changed.asl.json",
        &nightly("CSV", "STANDARD", 12, selector(), "NONE"),
    );
    let junit = dir.path().join("junit.xml");
    let written = without_items(s3.path());
    let out = workflow(
        &endpoint,
        &[
            "replay",
            changed.to_str().unwrap_or_default(),
            "--executions-of",
            &machine,
            "--s3",
            written.path().to_str().unwrap_or_default(),
            "--junit",
            junit.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let lines = stdout(&out);
    assert!(
        lines.contains("2 executions: 0 replay identically, 2 diverge"),
        "{lines}"
    );
    assert_eq!(lines.matches("child execution").count(), 2, "{lines}");
    let xml = std::fs::read_to_string(&junit).expect("the report");
    assert_eq!(xml.matches("PathDiverges").count(), 2, "{xml}");
    assert!(xml.contains("child execution arn:aws:states:"), "{xml}");
}

/// A record's events from the state `state`'s first entry on (the local resume's), or after
/// the synthesised prologue (the deployed one's), each as what it says of the workflow: its
/// type, and its states' inputs and outputs, its Tasks' requests, its Map's size, its end
/// (not a Map Run's or a child's ARN, not what a Lambda call answered besides its payload,
/// which the states' outputs hold), in the order of their texts (concurrent branches write
/// in either order).
fn from_state(events: &[HistoryEvent], state: &str) -> Vec<String> {
    let at = events
        .iter()
        .position(|e| {
            e.kind.state_name() == Some(state) && matches!(e.kind, EventKind::StateEntered { .. })
        })
        .unwrap_or_else(|| panic!("no entry of `{state}`"));
    let kept = [
        "type",
        "stateEnteredEventDetails",
        "stateExitedEventDetails",
        "taskScheduledEventDetails",
        "mapStateStartedEventDetails",
        "executionSucceededEventDetails",
        "executionFailedEventDetails",
    ];
    let mut said: Vec<String> = events[at..]
        .iter()
        .map(|e| {
            let mut json = e.to_json();
            if let Some(map) = json.as_object_mut() {
                map.retain(|key, _| kept.contains(&key.as_str()));
            }
            json.to_string()
        })
        .collect();
    said.sort();
    said
}

/// A failure, its fix, and the input it ran on.
struct Scenario {
    name: &'static str,
    broken: Value,
    fixed: Value,
    input: Value,
    /// Stopped while it waits (`StopExecution`), rather than run to its end.
    stop: bool,
}

fn echo(next: Option<&str>, payload: Value) -> Value {
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "MyLambda", "Payload": payload}, "OutputPath": "$.Payload"});
    match next {
        Some(next) => state["Next"] = json!(next),
        None => state["End"] = json!(true),
    }
    state
}

fn scenarios() -> Vec<Scenario> {
    let pipeline = |rows: &str| {
        json!({"StartAt": "Extract", "States": {
            "Extract": echo(Some("Clean"), json!({"step": "extract"})),
            "Clean": {"Type": "Pass", "Assign": {"rows": 3}, "Next": "Transform"},
            "Transform": echo(Some("Load"), json!({"rows.$": rows})),
            "Load": echo(None, json!({"step": "load", "rows.$": "$.rows"}))}})
    };
    let parallel = |path: &str| {
        json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Left", "States": {"Left": echo(None, json!({"side": "left"}))}},
            {"StartAt": "Later", "States": {
                "Later": {"Type": "Wait", "Seconds": 5, "Next": "Right"},
                "Right": echo(None, json!({"side.$": path}))}}]}}})
    };
    let inline = |default: bool| {
        let mut check = json!({"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericLessThan": 2, "Next": "Small"}]});
        if default {
            check["Default"] = json!("Small");
        }
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "End": true,
            "ItemProcessor": {"StartAt": "Measure", "States": {
                "Measure": echo(Some("Check"), json!({"n.$": "$.n"})),
                "Check": check, "Small": {"Type": "Pass", "End": true}}}}}})
    };
    let distributed = |default: bool| {
        let mut check = json!({"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericLessThanEquals": 10, "Next": "Fine"}]});
        if default {
            check["Default"] = json!("Fine");
        }
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "Label": "Items",
            "MaxConcurrency": 1, "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Measure", "States": {
                "Measure": echo(Some("Check"), json!({"n.$": "$.n"})),
                "Check": check, "Fine": {"Type": "Pass", "End": true}}}}}})
    };
    let timed = |timeout: u64| {
        json!({"TimeoutSeconds": timeout, "StartAt": "Extract", "States": {
            "Extract": echo(Some("Settle"), json!({"step": "extract"})),
            "Settle": {"Type": "Wait", "Seconds": 30, "Next": "Load"},
            "Load": echo(None, json!({"step": "load"}))}})
    };
    let waiting = json!({"StartAt": "Extract", "States": {
        "Extract": echo(Some("Approve"), json!({"step": "extract"})),
        "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Load"},
        "Load": echo(None, json!({"step": "load"}))}});
    let mut approving = waiting.clone();
    approving["States"]["Approve"] =
        json!({"Type": "Pass", "Result": {"approved": true}, "Next": "Load"});
    let items = json!({"items": [{"n": 1}, {"n": 20}, {"n": 3}]});
    vec![
        Scenario {
            name: "TopLevelTask",
            broken: pipeline("$.rows"),
            fixed: pipeline("$rows"),
            input: json!({}),
            stop: false,
        },
        Scenario {
            name: "ParallelBranch",
            broken: parallel("$.missing"),
            fixed: parallel("$$.State.Name"),
            input: json!({}),
            stop: false,
        },
        Scenario {
            name: "InlineMapIteration",
            broken: inline(false),
            fixed: inline(true),
            input: json!({"items": [{"n": 1}, {"n": 2}, {"n": 3}]}),
            stop: false,
        },
        Scenario {
            name: "DistributedChildren",
            broken: distributed(false),
            fixed: distributed(true),
            input: items,
            stop: false,
        },
        Scenario {
            name: "TimedOut",
            broken: timed(20),
            fixed: timed(60),
            input: json!({}),
            stop: false,
        },
        Scenario {
            name: "Stopped",
            broken: waiting,
            fixed: approving,
            input: json!({}),
            stop: true,
        },
    ]
}

/// `workflow serve` on virtual time, its Lambda Tasks answered by the stub (kept alive with
/// the server).
fn serving_lambda() -> (LambdaStub, Server) {
    let lambda = LambdaStub::start();
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .lambda_endpoint(lambda.1.clone())
        .start()
        .expect("serve");
    (lambda, server)
}

#[test]
fn failed_executions_resume_locally_and_through_deploy_with_the_same_history() {
    let (lambda, server) = serving_lambda();
    let endpoint = server.endpoint_url();
    let dir = tempfile::tempdir().expect("a directory");
    for scenario in scenarios() {
        let name = scenario.name;
        let broken = scenario.broken.to_string();
        // The failure, recorded on the server.
        let stop_in = scenario.stop.then_some("Approve");
        let (arn, status) =
            executed_until(&endpoint, name, &broken, scenario.input.clone(), stop_in);
        assert_ne!(status, ExecutionStatus::Succeeded, "{name}");
        let fixed = write(
            dir.path(),
            &format!("{name}.asl.json"),
            &scenario.fixed.to_string(),
        );
        let fixed_path = fixed.to_str().unwrap_or_default();
        // Locally, through the command (its Tasks run live at the Lambda endpoint).
        let out = workflow(
            &endpoint,
            &[
                "resume",
                fixed_path,
                "--execution-arn",
                &arn,
                "--lambda-endpoint",
                &lambda.1,
                "--json",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        let local = json_of(&out);
        assert_eq!(local["status"], "SUCCEEDED", "{name}: {local:#}");
        let state = local["resumedAt"]["state"]
            .as_str()
            .expect("a state")
            .to_owned();
        // On the server: the synthesised machine, deployed and started.
        let out = workflow(
            &endpoint,
            &[
                "resume",
                fixed_path,
                "--execution-arn",
                &arn,
                "--deploy",
                "--json",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}{}",
            stdout(&out),
            stderr(&out)
        );
        let deployed = json_of(&out);
        assert_eq!(deployed["status"], "SUCCEEDED", "{name}: {deployed:#}");
        assert_eq!(deployed["resumedAt"]["state"], state.as_str(), "{name}");
        assert_eq!(deployed["output"], local["output"], "{name}");
        // Deployed again: the same machine and execution (idempotent).
        let again = json_of(&workflow(
            &endpoint,
            &[
                "resume",
                fixed_path,
                "--execution-arn",
                &arn,
                "--deploy",
                "--json",
            ],
        ));
        assert_eq!(
            again["deployed"]["executionArn"], deployed["deployed"]["executionArn"],
            "{name}"
        );
        assert_eq!(again["deployed"]["action"], "unchanged", "{name}");
        // Linked in its input too, when asked: another execution of the same machine.
        if name == "TopLevelTask" {
            let linked = json_of(&workflow(
                &endpoint,
                &[
                    "resume",
                    fixed_path,
                    "--execution-arn",
                    &arn,
                    "--deploy",
                    "--link-input",
                    "--json",
                ],
            ));
            assert_eq!(
                linked["deployed"]["stateMachineArn"],
                deployed["deployed"]["stateMachineArn"]
            );
            assert_ne!(
                linked["deployed"]["executionArn"],
                deployed["deployed"]["executionArn"]
            );
            let input = runtime().block_on(async {
                let client = client_for(&endpoint).await;
                let arn = linked["deployed"]["executionArn"].as_str().expect("an ARN");
                client
                    .execution(arn.parse().expect("an ARN"))
                    .describe()
                    .await
                    .expect("described")
                    .input
            });
            let input: Value = serde_json::from_str(&input.expect("an input")).expect("JSON");
            assert_eq!(input["resumedFrom"], arn.as_str(), "{input}");
        }
        // Both runs' histories from the resume state on, and the links.
        runtime().block_on(async {
            let client = client_for(&endpoint).await;
            let original: workflow_runtime::aws_models::StatesArn = arn.parse().expect("an ARN");
            let record = client
                .execution(original.clone())
                .record()
                .await
                .expect("the record");
            let machine = StateMachine::from_json(&scenario.fixed.to_string()).expect("the fix");
            let engine = Engine::new()
                .lambda_endpoint(&lambda.1)
                .expect("an endpoint");
            let resumed = engine
                .machine(&machine)
                .resume_failed(record)
                .run()
                .await
                .expect("resumed");
            let new: workflow_runtime::aws_models::StatesArn = deployed["deployed"]["executionArn"]
                .as_str()
                .expect("an ARN")
                .parse()
                .expect("an ARN");
            let history = client.execution(new).history().await.expect("its history");
            // Where the resume takes branches, iterations or children from the record, the
            // two histories differ by construction (the local one replays them, the deployed
            // one routes them to their recorded outcome): `resume_table` compares the Tasks
            // each runs again.
            if deployed["resumedAt"]["strands"].is_null() {
                assert_eq!(
                    from_state(&resumed.execution.history, &state),
                    from_state(&history, &state),
                    "{name}: the local and the deployed resume differ"
                );
            }
            let machine_arn: workflow_runtime::aws_models::StatesArn =
                deployed["deployed"]["stateMachineArn"]
                    .as_str()
                    .expect("an ARN")
                    .parse()
                    .expect("an ARN");
            let resumes = client.resumes_of(&original).await.expect("listed");
            assert_eq!(resumes, [(machine_arn, state.clone())], "{name}");
        });
    }
}

#[test]
fn a_child_started_by_start_execution_sync_replays_on_its_definition_and_a_change_names_it() {
    let server = Server::builder()
        .port(0)
        .virtual_time(true)
        .start()
        .expect("serve");
    let endpoint = server.endpoint_url();
    let child = super::replay_cli::started_scaler::scaler;
    let (child_arn, _) = executed(&endpoint, "Scaler", &child(3), json!({"n": 0}));
    let machine = child_arn.replace(":execution:", ":stateMachine:");
    let machine = &machine[..machine.rfind(':').unwrap_or(machine.len())];
    let parent = json!({"StartAt": "Start", "States": {
        "Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
          "Parameters": {"StateMachineArn": machine, "Input": {"n.$": "$.n"}},
          "OutputPath": "$.Output", "End": true}}})
    .to_string();
    let (arn, status) = executed(&endpoint, "Starter", &parent, json!({"n": 5}));
    assert_eq!(status, ExecutionStatus::Succeeded);
    let dir = tempfile::tempdir().expect("a directory");
    let file = write(dir.path(), "starter.asl.json", &parent);
    let record = dir.path().join("record");
    let out = workflow(
        &endpoint,
        &[
            "history",
            &arn,
            "--format",
            "record",
            "-o",
            record.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        record.join("executions").is_dir(),
        "the started child is in the record"
    );
    for source in [
        vec!["--history", record.to_str().unwrap_or_default()],
        vec!["--execution-arn", arn.as_str()],
    ] {
        let mut args = vec!["replay", file.to_str().unwrap_or_default()];
        args.extend(source);
        let out = workflow(&endpoint, &args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
    // The child's machine changed: 5 + 7 is over 10, it goes to Large now.
    let changed = write(dir.path(), "scaler.asl.json", &child(7));
    let definition_of = format!("Scaler={}", changed.display());
    let out = workflow(
        &endpoint,
        &[
            "replay",
            file.to_str().unwrap_or_default(),
            "--history",
            record.to_str().unwrap_or_default(),
            "--definition-of",
            &definition_of,
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = json_of(&out);
    let d = &report["pathDivergence"];
    assert!(
        d["execution"]
            .as_str()
            .is_some_and(|e| e.contains(":execution:Scaler:")),
        "{report:#}"
    );
    assert_eq!(d["state"], "Large", "{report:#}");
    // The parent's own events replay: its Task's result is the record's.
    assert!(
        report["differences"]
            .as_array()
            .expect("differences")
            .iter()
            .all(|d| d["execution"].is_string()),
        "{report:#}"
    );
}
