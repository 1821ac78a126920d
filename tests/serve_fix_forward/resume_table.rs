//! Resume never repeats what succeeded (issue 88): executions that failed in a Parallel
//! branch, an inline Map iteration, a Distributed Map's child, a child started by
//! `states:startExecution.sync:2`, that timed out and that were stopped, each fixed three
//! ways, (a) a Retry added, (b) the failed Task's request changed, (c) the failed state
//! renamed, and resumed three ways side by side on one `workflow serve`: locally (`workflow
//! resume`), through `workflow resume --deploy`, and by the server's `RedriveExecution` of the
//! original (on its own definition). Every Task is the Lambda stub's `Work`, which logs what
//! reached it: the states that ran again. No Task that succeeded in the record runs again in
//! any of the three; the local resume and the deployed one run the same Tasks and end alike;
//! (c) is refused by both. The test prints the table it measured (`cargo test -p workflow-cli
//! --test tools resume_table -- --nocapture`).

use super::{ROLE, executed_until, quick_wait, serving_lambda, workflow};
use crate::cli::{stderr, stdout, write};
use crate::client_moto::{client_for, runtime};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use workflow_runtime::client::{ExecutionDescription, StateMachineSpec};
use workflow_runtime::execution::{EventKind, HistoryEvent};

/// Where the failure is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Case {
    ParallelBranch,
    InlineMapIteration,
    DistributedChildren,
    NestedSyncChild,
    TimedOut,
    Stopped,
}

/// How the definition is fixed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Fix {
    /// (a) a Retry added to the failed Task (the failure happens once).
    Retry,
    /// (b) the failed Task's request changed (the failure happens on the old request).
    Request,
    /// (c) the failed state renamed.
    Rename,
}

impl Fix {
    fn label(self) -> &'static str {
        match self {
            Fix::Retry => "(a) Retry added",
            Fix::Request => "(b) request changed",
            Fix::Rename => "(c) state renamed",
        }
    }
}

/// A Task calling `Work` with `payload` (and the case, the state's name), keeping its input
/// (`ResultPath`) with what it answered.
pub(super) fn work(case: &str, next: Option<&str>, payload: Value) -> Value {
    let mut event = json!({"case": case, "state.$": "$$.State.Name"});
    for (key, value) in payload.as_object().into_iter().flatten() {
        event[key] = value.clone();
    }
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "Work", "Payload": event},
        "ResultSelector": {"done.$": "$.Payload.done"}, "ResultPath": "$.last"});
    match next {
        Some(next) => state["Next"] = json!(next),
        None => state["End"] = json!(true),
    }
    state
}

/// What the failing Task sends: once-failing (a), failing on the old request (b, c), or
/// fixed (b); in a Map, only the item that says `bad`.
fn failing(fix: Fix, fixed: bool, per_item: bool) -> Value {
    let when = if per_item {
        json!("$.bad")
    } else {
        json!(true)
    };
    match (fix, fixed, per_item) {
        (Fix::Retry, _, true) => json!({"item.$": "$.item", "once.$": when}),
        (Fix::Retry, _, false) => json!({"once": true}),
        (Fix::Request, true, true) => json!({"item.$": "$.item", "fail": false}),
        (Fix::Request, true, false) => json!({"fail": false}),
        (_, _, true) => json!({"item.$": "$.item", "fail.$": when}),
        (_, _, false) => json!({"fail": true}),
    }
}

/// The definition of `case` (broken or `fixed` by `fix`), for the case's tag `tag`; for the
/// nested case, the child's (the parent, which starts `child`, is not changed by the fix).
pub(super) fn definition(case: Case, fix: Fix, fixed: bool, tag: &str, child: &str) -> Value {
    let process = |payload: Value| {
        let mut state = work(tag, None, payload);
        if fixed && fix == Fix::Retry {
            state["Retry"] =
                json!([{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}]);
        }
        state
    };
    let items = |distributed: bool| {
        let mut processor = json!({"StartAt": "Prepare", "States": {
            "Prepare": work(tag, Some("Process"), json!({"item.$": "$.item"})),
            "Process": process(failing(fix, fixed, true))}});
        let mut map = json!({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1, "End": true,
            "ItemSelector": {"item.$": "$$.Map.Item.Value.id", "bad.$": "$$.Map.Item.Value.bad"}});
        if distributed {
            processor["ProcessorConfig"] =
                json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"});
            map["Label"] = json!("Items");
        }
        map["ItemProcessor"] = processor;
        json!({"StartAt": "Each", "States": {"Each": map}})
    };
    let machine = match case {
        Case::ParallelBranch => {
            json!({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Left", "States": {"Left": work(tag, None, json!({"side": "left"}))}},
            {"StartAt": "Prepare", "States": {
                "Prepare": work(tag, Some("Process"), json!({})),
                "Process": process(failing(fix, fixed, false))}}]}}})
        }
        Case::InlineMapIteration => items(false),
        Case::DistributedChildren => items(true),
        Case::NestedSyncChild if child.is_empty() => json!({"StartAt": "Prepare", "States": {
            "Prepare": work(tag, Some("Process"), json!({})),
            "Process": process(failing(fix, fixed, false))}}),
        Case::NestedSyncChild => json!({"StartAt": "Start", "States": {"Start": {"Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": child, "Input": {"from": "parent"}},
            "ResultSelector": {"status.$": "$.Status"}, "End": true}}}),
        Case::TimedOut => {
            let mut load = work(tag, None, json!({"changed": fixed && fix == Fix::Request}));
            if fixed && fix == Fix::Retry {
                load["Retry"] = json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]);
            }
            json!({"TimeoutSeconds": if fixed { 60 } else { 20 }, "StartAt": "Extract", "States": {
                "Extract": work(tag, Some("Settle"), json!({})),
                "Settle": {"Type": "Wait", "Seconds": 30, "Next": "Load"},
                "Load": load}})
        }
        Case::Stopped => {
            let sleep = if fixed && fix == Fix::Request {
                0.0
            } else {
                0.5
            };
            let mut slow = work(tag, Some("Load"), json!({"sleep": sleep}));
            if fixed && fix == Fix::Retry {
                slow["Retry"] = json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]);
            }
            json!({"StartAt": "Extract", "States": {
                "Extract": work(tag, Some("Slow"), json!({})),
                "Slow": slow,
                "Load": work(tag, None, json!({}))}})
        }
    };
    match (fixed, fix, case) {
        // The parent of the nested case is not what is fixed.
        (_, _, Case::NestedSyncChild) if !child.is_empty() => machine,
        (true, Fix::Rename, _) => {
            let failed = match case {
                Case::TimedOut => "Settle",
                Case::Stopped => "Slow",
                _ => "Process",
            };
            let text = machine
                .to_string()
                .replace(&format!("\"{failed}\""), &format!("\"{failed}Fixed\""));
            serde_json::from_str(&text).expect("JSON")
        }
        _ => machine,
    }
}

/// The case's input.
pub(super) fn input(case: Case) -> Value {
    match case {
        Case::InlineMapIteration | Case::DistributedChildren => json!({"items": [
            {"id": 1, "bad": false}, {"id": 2, "bad": true}, {"id": 3, "bad": false}]}),
        _ => json!({}),
    }
}

/// `GET /invocations` of the Lambda stub: every `Work` event so far, and whether it failed.
pub(super) fn invocations(lambda: &str) -> Vec<(Value, bool)> {
    let address = lambda.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("the stub answers");
    write!(
        stream,
        "GET /invocations HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("asked");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let listed: Vec<Value> = serde_json::from_str(body).expect("a JSON list");
    listed
        .into_iter()
        .map(|i| (i["event"].clone(), i["failed"] == json!(true)))
        .collect()
}

/// What an event to `Work` ran: its state, and its item when it has one.
pub(super) fn ran(event: &Value) -> String {
    let state = event["state"].as_str().unwrap_or("?");
    match &event["item"] {
        Value::Null => state.to_owned(),
        item => format!("{state}#{item}"),
    }
}

/// The Tasks of the case `tag` that reached the stub while `f` ran, and what `f` returned
/// (the cases run side by side; each case's runs one after the other).
pub(super) fn measured<T>(lambda: &str, tag: &str, f: impl FnOnce() -> T) -> (Vec<String>, T) {
    let of_case = || -> Vec<String> {
        invocations(lambda)
            .into_iter()
            .filter(|(event, _)| event["case"] == tag)
            .map(|(event, _)| ran(&event))
            .collect()
    };
    let before = of_case().len();
    let out = f();
    let mut after = of_case().split_off(before);
    after.sort();
    (after, out)
}

/// The Tasks that succeeded in the record of execution `arn`, each `TaskSucceeded` of
/// `lambda:invoke` by the event its `TaskScheduled` sent: in its own record (its history and
/// its Map Runs' children's, which a redrive keeps), and in the records of the child
/// executions its Tasks started (executions of their own, which a redrive of the parent does
/// not touch: the Task that started one runs again and starts another).
pub(super) fn succeeded_in_record(
    endpoint: &str,
    arn: &str,
) -> (BTreeSet<String>, BTreeSet<String>) {
    runtime().block_on(async {
        let client = client_for(endpoint).await;
        let record = client
            .execution(arn.parse().expect("an ARN"))
            .record()
            .await
            .expect("the record");
        let started = record.started_executions();
        let mut own = BTreeSet::new();
        let mut children = BTreeSet::new();
        let histories = std::iter::once((false, record.events())).chain(
            record
                .children()
                .iter()
                .map(|(child, events)| (started.contains_key(child), events.as_slice())),
        );
        for (in_started, events) in histories {
            for event in events {
                if let EventKind::TaskSucceeded { .. } = event.kind
                    && let Some(request) = scheduled(events, event)
                {
                    let set = if in_started { &mut children } else { &mut own };
                    set.insert(ran(&request["Payload"]));
                }
            }
        }
        (own, children)
    })
}

/// The request the `TaskScheduled` before `end` (along its strand) sent.
fn scheduled(events: &[HistoryEvent], end: &HistoryEvent) -> Option<Value> {
    let mut cursor = end.previous_event_id;
    for _ in 0..8 {
        let event = events.iter().find(|e| e.id == cursor)?;
        if let EventKind::TaskScheduled { parameters, .. } = &event.kind {
            return serde_json::from_str(parameters.as_str()).ok();
        }
        cursor = event.previous_event_id;
    }
    None
}

/// How the execution `arn` ended (once `redrive`n, with `RedriveExecution`).
pub(super) fn ended(endpoint: &str, arn: &str, redrive: bool) -> ExecutionDescription {
    runtime().block_on(async {
        let client = client_for(endpoint).await;
        let execution = client.execution(arn.parse().expect("an ARN"));
        if redrive {
            execution.redrive().await.expect("redriven");
        }
        execution.wait(quick_wait()).await.expect("it ends")
    })
}

/// How an execution ended, as [`ending`] says it.
pub(super) fn described(execution: &ExecutionDescription) -> String {
    let output = execution
        .output
        .as_deref()
        .and_then(|o| serde_json::from_str(o).ok())
        .unwrap_or(Value::Null);
    ending(&json!(execution.status.as_str()), &output)
}

/// How a run ended: its status (and output), or the refusal.
pub(super) fn ending(status: &Value, output: &Value) -> String {
    match status.as_str() {
        Some("SUCCEEDED") => format!("SUCCEEDED {output}"),
        Some(other) => other.to_owned(),
        None => "refused".to_owned(),
    }
}

/// One row of the table.
struct Row {
    case: Case,
    fix: Fix,
    /// What succeeded in its own record, and in its started children's.
    in_record: (BTreeSet<String>, BTreeSet<String>),
    local: (Vec<String>, String),
    deployed: (Vec<String>, String),
    redriven: (Vec<String>, String),
}

#[test]
fn resumes_after_failures_never_run_again_what_succeeded_locally_through_deploy_and_redrive() {
    let (lambda, server) = serving_lambda();
    let endpoint = server.endpoint_url();
    let dir = tempfile::tempdir().expect("a directory");
    let cases = [
        Case::ParallelBranch,
        Case::InlineMapIteration,
        Case::DistributedChildren,
        Case::NestedSyncChild,
        Case::TimedOut,
        Case::Stopped,
    ];
    let (lambda, endpoint, dir) = (&lambda.1, endpoint.as_str(), dir.path());
    // Every case and fix on its own thread: the runs wait on the server and the stub more
    // than they compute.
    let rows: Vec<Row> = std::thread::scope(|scope| {
        let runs: Vec<_> = cases
            .iter()
            .flat_map(|&case| [Fix::Retry, Fix::Request, Fix::Rename].map(|fix| (case, fix)))
            .map(|(case, fix)| scope.spawn(move || row(lambda, endpoint, dir, case, fix)))
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("a case ran"))
            .collect()
    });
    println!("{}", table(&rows));
    let mut wrong = Vec::new();
    for row in &rows {
        let tag = format!("{:?} {}", row.case, row.fix.label());
        // A redrive keeps what succeeded in the execution's own record; a resume, in its
        // started children's too.
        for (way, (ran, _), children) in [
            ("local", &row.local, true),
            ("--deploy", &row.deployed, true),
            ("RedriveExecution", &row.redriven, false),
        ] {
            let again: Vec<&String> = ran
                .iter()
                .filter(|r| {
                    row.in_record.0.contains(*r) || (children && row.in_record.1.contains(*r))
                })
                .collect();
            if !again.is_empty() {
                wrong.push(format!(
                    "{tag}: {way} ran again {again:?}, which succeeded in the record"
                ));
            }
        }
        match row.fix {
            Fix::Rename => {
                for (way, (ran, end)) in [("local", &row.local), ("--deploy", &row.deployed)] {
                    if end != "refused" || !ran.is_empty() {
                        wrong.push(format!(
                            "{tag}: {way} is not refused (it ran {ran:?} and ended {end})"
                        ));
                    }
                }
            }
            _ => {
                if row.local != row.deployed {
                    wrong.push(format!(
                        "{tag}: local ran {:?} and ended {}, --deploy ran {:?} and ended {}",
                        row.local.0, row.local.1, row.deployed.0, row.deployed.1
                    ));
                }
                if !row.deployed.1.starts_with("SUCCEEDED") {
                    wrong.push(format!("{tag}: --deploy ended {}", row.deployed.1));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The case `case` fixed by `fix`, run on `workflow serve` at `endpoint` with the Lambda stub
/// at `lambda` (files in `dir`), then resumed locally, through `--deploy` and by
/// `RedriveExecution`.
fn row(lambda: &str, endpoint: &str, dir: &std::path::Path, case: Case, fix: Fix) -> Row {
    let tag = format!("{case:?}-{fix:?}");
    // The nested case's child machine, deployed broken, then fixed.
    let child = match case {
        Case::NestedSyncChild => runtime().block_on(async {
            let client = client_for(endpoint).await;
            let spec = StateMachineSpec::new(
                format!("Child-{tag}"),
                definition(case, fix, false, &tag, "").to_string(),
                ROLE.parse().expect("a role"),
            );
            client
                .deploy_spec(&spec)
                .await
                .expect("deploy")
                .state_machine
                .arn()
                .to_string()
        }),
        _ => String::new(),
    };
    let broken = definition(case, fix, false, &tag, &child).to_string();
    let stop_in = (case == Case::Stopped).then_some("Slow");
    let (_, (arn, status)) = measured(lambda, &tag, || {
        executed_until(endpoint, &tag, &broken, input(case), stop_in)
    });
    assert_ne!(
        status,
        workflow_runtime::execution::ExecutionStatus::Succeeded,
        "{tag}"
    );
    let in_record = succeeded_in_record(endpoint, &arn);
    assert!(
        !in_record.0.is_empty() || !in_record.1.is_empty(),
        "{tag}: something succeeded first"
    );
    if case == Case::NestedSyncChild {
        // The fix is the child's machine's.
        runtime().block_on(async {
            let client = client_for(endpoint).await;
            let spec = StateMachineSpec::new(
                format!("Child-{tag}"),
                definition(case, fix, true, &tag, "").to_string(),
                ROLE.parse().expect("a role"),
            );
            client.deploy_spec(&spec).await.expect("the child fixed");
        });
    }
    let fixed = definition(case, fix, true, &tag, &child).to_string();
    let file = write(dir, &format!("{tag}.asl.json"), &fixed);
    let file = file.to_str().unwrap_or_default();
    let sfn = format!("sfn={endpoint}");
    let (local_ran, local) = measured(lambda, &tag, || {
        let mut args = vec![
            "resume",
            file,
            "--execution-arn",
            &arn,
            "--lambda-endpoint",
            lambda,
            "--json",
        ];
        if case == Case::NestedSyncChild {
            args.extend(["--aws-endpoint", &sfn]);
        }
        workflow(endpoint, &args)
    });
    let local_json: Value = serde_json::from_str(stdout(&local).trim()).unwrap_or_default();
    // Started without waiting (the command's own wait polls 200 ms apart at first),
    // then waited for here.
    let (deployed_ran, (deployed, deployed_end)) = measured(lambda, &tag, || {
        let out = workflow(
            endpoint,
            &[
                "resume",
                file,
                "--execution-arn",
                &arn,
                "--deploy",
                "--no-wait",
                "--json",
            ],
        );
        let started: Value = serde_json::from_str(stdout(&out).trim()).unwrap_or_default();
        let ended = started["deployed"]["executionArn"]
            .as_str()
            .map(|new| ended(endpoint, new, false));
        (out, ended)
    });
    let (redriven_ran, redriven) = measured(lambda, &tag, || ended(endpoint, &arn, true));
    let row = Row {
        case,
        fix,
        in_record,
        local: (
            local_ran,
            ending(&local_json["status"], &local_json["output"]),
        ),
        deployed: (
            deployed_ran,
            deployed_end
                .as_ref()
                .map_or_else(|| "refused".to_owned(), described),
        ),
        redriven: (redriven_ran, described(&redriven)),
    };
    // What the refusals and failures said, for the report.
    if row.local.1 == "refused" {
        eprintln!("{tag}: local: {}", stderr(&local).trim());
    }
    if row.deployed.1 == "refused" {
        eprintln!("{tag}: --deploy: {}", stderr(&deployed).trim());
    }
    row
}

/// The measured table, in Markdown: per case and fix, what succeeded in the record, and
/// which Tasks ran again (state, `#item` in a Map) and how each way ended.
fn table(rows: &[Row]) -> String {
    let list = |ran: &[String]| match ran.is_empty() {
        true => "none".to_owned(),
        false => ran.join(", "),
    };
    let end = |text: &str| {
        text.split_once(' ')
            .map_or(text, |(status, _)| status)
            .to_owned()
    };
    let mut out = String::from(
        "| failure | fix | succeeded in the record | local `workflow resume` | `workflow resume --deploy` | `RedriveExecution` (original definition) |\n|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let mut in_record: Vec<String> = row.in_record.0.iter().cloned().collect();
        in_record.extend(row.in_record.1.iter().map(|r| format!("{r} (child)")));
        out.push_str(&format!(
            "| {:?} | {} | {} | {} → {} | {} → {} | {} → {} |\n",
            row.case,
            row.fix.label(),
            list(&in_record),
            list(&row.local.0),
            end(&row.local.1),
            list(&row.deployed.0),
            end(&row.deployed.1),
            list(&row.redriven.0),
            end(&row.redriven.1),
        ));
    }
    out
}
