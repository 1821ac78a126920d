//! A Distributed Map's children as executions of their own, and what stops the rest of a
//! Parallel or a Map when one branch or iteration fails, as AWS records them. Each test names
//! the recording or the page of AWS's documentation its rule comes from.

use serde_json::{Value, json};
use std::time::Duration;
use workflow_runtime::asl::{ErrorName, StateMachine};
use workflow_runtime::aws_models::{MachineName, ResourceType, StatesArn, StatesResource};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, Execution, TaskCall, TaskFailure, TaskOutput};
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent};

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

fn types(history: &[HistoryEvent]) -> Vec<String> {
    history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect()
}

fn event<'h>(history: &'h [HistoryEvent], kind: &str) -> &'h HistoryEvent {
    history
        .iter()
        .find(|e| e.kind.event_type().as_str() == kind)
        .unwrap_or_else(|| panic!("no {kind} in {:?}", types(history)))
}

/// A Distributed Map over `$.items` whose children pass their input on after `Wait`ing
/// `$.wait` seconds and fail when it is `"fail"` (`limits`: more fields of the Map).
fn distributed(limits: &str, execution_type: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", "ItemsPath": "$.items",
            "ItemSelector": {{"value.$": "$$.Map.Item.Value", "id.$": "$$.Execution.Id"}} {limits},
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "{execution_type}"}},
              "StartAt": "Check", "States": {{
                "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.value", "StringEquals": "fail", "Next": "Fail"}}], "Default": "Pause"}},
                "Fail": {{"Type": "Fail", "Error": "Item.Bad", "Cause": "a bad item"}},
                "Pause": {{"Type": "Wait", "SecondsPath": "$.value", "Next": "Echo"}},
                "Echo": {{"Type": "Pass", "Parameters": {{"value.$": "$.value", "self.$": "$$.Execution.Id", "machine.$": "$$.StateMachine.Name"}}, "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

/// `engine`'s redrive of `failed`, an execution of `m`, which must succeed.
fn redrive_to_success(engine: &Engine, m: &StateMachine, failed: &Execution) -> Execution {
    let redriven =
        blocking::run(engine.machine(m).redrive(failed)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        redriven.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        redriven.cause
    );
    redriven
}

/// A Map Run ended `ABORTED` with two children: the first succeeded, the second was stopped
/// (its history ends in `ExecutionAborted`).
fn assert_one_ended_one_stopped(map_run: &workflow_runtime::engine::MapRun) {
    assert_eq!(map_run.status, ExecutionStatus::Aborted);
    let children: Vec<_> = map_run
        .executions
        .iter()
        .map(|c| c.status.clone())
        .collect();
    assert_eq!(
        children,
        [ExecutionStatus::Succeeded, ExecutionStatus::Aborted]
    );
    assert_eq!(
        map_run.executions[1]
            .history
            .last()
            .map(|e| e.kind.event_type().to_string()),
        Some("ExecutionAborted".to_owned())
    );
}

fn run(m: &StateMachine, input: Value) -> Execution {
    blocking::run(
        Engine::new()
            .state_machine_name("Orders")
            .machine(m)
            .input(input),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_distributed_maps_children_are_executions_with_histories_of_their_own() {
    let m = distributed(r#", "Label": "Items""#, "STANDARD");
    let done = run(&m, json!({"items": [1, 2, 3]}));
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    // The parent's history shows the Map Run, not its items (every Distributed Map history
    // LocalStack recorded on AWS), and `MapStateExited` names `MapRunStarted` as its previous
    // event, as AWS records it since November 2024.
    assert_eq!(
        types(&done.history),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    let started = event(&done.history, "MapRunStarted");
    assert_eq!(
        event(&done.history, "MapStateExited").previous_event_id,
        started.id
    );
    assert_eq!(done.states, ["Each"]);
    let map_run = &done.map_runs[0];
    assert_eq!(map_run.arn.kind(), ResourceType::MapRun);
    assert!(
        map_run.arn.machine() == Some(&MachineName::new("Orders").labelled("Items")),
        "{}",
        map_run.arn
    );
    assert_eq!(map_run.executions.len(), 3);
    for (i, child) in map_run.executions.iter().enumerate() {
        // `execution:<machine>/<label>:<uuid>`, the labelled machine's, its own history.
        assert!(
            matches!(&child.arn.resource, StatesResource::Execution { machine, name }
                if *machine == MachineName::new("Orders").labelled("Items") && *name == child.name),
            "{}",
            child.arn
        );
        assert_eq!(child.state_machine_arn, child.arn.state_machine().unwrap());
        assert_eq!(child.name.len(), 36);
        assert_eq!(child.state_machine, "Orders/Items");
        assert_eq!(child.status, ExecutionStatus::Succeeded);
        assert_eq!(
            types(&child.history),
            [
                "ExecutionStarted",
                "ChoiceStateEntered",
                "ChoiceStateExited",
                "WaitStateEntered",
                "WaitStateExited",
                "PassStateEntered",
                "PassStateExited",
                "ExecutionSucceeded"
            ]
        );
        // Its context object is its own: the child's ARN and the labelled machine; the
        // ItemSelector, evaluated by the parent, saw the parent's.
        let output = child
            .output
            .as_ref()
            .map(|o| o.to_value())
            .unwrap_or_default();
        assert_eq!(output["value"], i + 1);
        assert_eq!(output["self"], child.arn.to_string());
        assert_eq!(output["machine"], "Orders/Items");
        let input = child.input.to_value();
        assert!(
            input["id"]
                .as_str()
                .is_some_and(|id| id.contains(":execution:Orders:")),
            "{input}"
        );
    }
    let names: std::collections::HashSet<&str> =
        map_run.executions.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), 3, "each child its own name");
    // The Map's result: the children's outputs in item order.
    let outputs = done.output.unwrap_or_default();
    assert_eq!(outputs.as_array().map(Vec::len), Some(3));
    assert_eq!(outputs[2]["value"], 3);
    // The same run again names its children the same: runs are repeatable.
    let again = run(&m, json!({"items": [1, 2, 3]}));
    assert_eq!(
        again.map_runs[0].executions[0].name,
        done.map_runs[0].executions[0].name
    );
}

#[test]
fn without_a_label_the_children_run_as_a_machine_labelled_by_a_uuid_of_the_state() {
    let m = distributed("", "STANDARD");
    let done = run(&m, json!({"items": [1]}));
    let machine = &done.map_runs[0].executions[0].state_machine;
    let label = machine.strip_prefix("Orders/").unwrap_or_default();
    assert_eq!(label.len(), 36, "{machine}");
    assert_eq!(
        run(&m, json!({"items": [2]})).map_runs[0].executions[0].state_machine,
        *machine
    );
}

#[test]
fn a_failed_child_fails_the_map_run_past_its_tolerance_and_stops_the_running_ones() {
    // No tolerance set: "The default percentage value is zero, which means that the workflow
    // fails if any one of its child workflow executions fails or times out", with
    // `States.ExceedToleratedFailureThreshold` (AWS documentation, "Using Map state in
    // Distributed mode").
    let m = distributed("", "STANDARD");
    let failed = run(&m, json!({"items": [30, "fail", 60]}));
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(
        failed.error,
        Some(ErrorName::ExceedToleratedFailureThreshold)
    );
    assert_eq!(
        failed.cause.as_deref(),
        Some("The specified tolerated failure threshold was exceeded")
    );
    assert_eq!(
        types(&failed.history),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    let run = &failed.map_runs[0];
    assert_eq!(run.status, ExecutionStatus::Failed);
    let statuses: Vec<ExecutionStatus> = run.executions.iter().map(|c| c.status.clone()).collect();
    // The failed child, and the two still waiting when it failed: stopped.
    assert_eq!(
        statuses,
        [
            ExecutionStatus::Aborted,
            ExecutionStatus::Failed,
            ExecutionStatus::Aborted
        ]
    );
    let bad = &run.executions[1];
    assert_eq!(bad.error, Some(ErrorName::from("Item.Bad")));
    assert_eq!(
        types(&bad.history).last().map(String::as_str),
        Some("ExecutionFailed")
    );
    let stopped = &run.executions[0];
    assert_eq!(
        types(&stopped.history).last().map(String::as_str),
        Some("ExecutionAborted")
    );
    assert!(!types(&stopped.history).contains(&"PassStateEntered".to_owned()));
    // Tolerated: the Map succeeds with the failed child's error output in its place.
    let tolerant = distributed(r#", "ToleratedFailureCount": 1"#, "STANDARD");
    let done = self::run(&tolerant, json!({"items": [30, "fail", 60]}));
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(
        done.output.unwrap_or_default()[1],
        json!({"Error": "Item.Bad", "Cause": "a bad item"})
    );
    // With both limits, exceeding either fails it.
    let both = distributed(
        r#", "ToleratedFailureCount": 1, "ToleratedFailurePercentage": 10"#,
        "STANDARD",
    );
    let failed = self::run(&both, json!({"items": [1, "fail", 2, 3]}));
    assert_eq!(failed.status, ExecutionStatus::Failed);
}

/// Issue 45: the progress picture colours a Distributed Map's inner states from its Map Run's
/// child executions, which ran them (the parent's history never enters them).
#[test]
fn the_progress_of_a_distributed_map_colours_its_inner_states_from_the_children() {
    use workflow_runtime::graph::StateStatus;
    use workflow_runtime::pictures;
    let tolerant = distributed(r#", "ToleratedFailureCount": 1"#, "STANDARD");
    let done = run(&tolerant, json!({"items": [3, "fail"]}));
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert!(!types(&done.history).contains(&"PassStateEntered".to_owned()));
    let progress = pictures::progress(&done);
    assert_eq!(progress.status("Each"), StateStatus::Succeeded);
    assert_eq!(progress.status("Check"), StateStatus::Succeeded);
    assert_eq!(progress.status("Pause"), StateStatus::Succeeded);
    assert_eq!(progress.status("Echo"), StateStatus::Succeeded);
    // One child failed at `Fail`: the most telling status of the children shows.
    assert_eq!(progress.status("Fail"), StateStatus::Failed);
    // The same in the picture and on the page.
    let svg = pictures::progress_svg(&tolerant, &done, &Default::default());
    let html = pictures::progress_html(&tolerant, "run", &done, &Default::default());
    for picture in [svg, html] {
        assert!(
            !picture.contains(r#"data-status="not-reached""#),
            "{picture}"
        );
    }
}

#[test]
fn an_express_child_keeps_no_history_and_runs_five_minutes_at_most() {
    let m = distributed("", "EXPRESS");
    let done = run(&m, json!({"items": [1, 400]}));
    assert_eq!(done.status, ExecutionStatus::Failed);
    let run = &done.map_runs[0];
    let child = &run.executions[0];
    assert_eq!(child.arn.kind(), ResourceType::Express, "{}", child.arn);
    assert!(child.history.is_empty());
    assert_eq!(run.executions[1].status, ExecutionStatus::TimedOut);
}

#[test]
fn a_failed_branch_stops_the_other_branches_of_a_parallel() {
    // The ASL specification: "If any branch fails, due to an unhandled error or by
    // transitioning to a Fail state, the entire Parallel state is considered to have failed
    // and all its branches are stopped." AWS closes the failed branch's Task and the states
    // still running with `…StateAborted` (LocalStack's
    // `test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]`,
    // validated on AWS: `TaskFailed`, `TaskStateAborted`, `ParallelStateFailed`).
    let m = machine(
        r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge"}, "End": true}}},
            {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 60, "Next": "Ship"},
                "Ship": {"Type": "Pass", "End": true}}}]}}}"#,
    );
    let engine = Engine::new().state("Charge", |_: TaskCall| async {
        Err::<TaskOutput, _>(TaskFailure::new("Card.Declined", "no"))
    });
    let failed =
        blocking::run(engine.machine(&m).input(json!({}))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(failed.error, Some(ErrorName::from("Card.Declined")));
    // The other branch never reached `Ship`.
    assert!(
        !failed.states.contains(&"Ship".to_owned()),
        "{:?}",
        failed.states
    );
    // The branches start together: `Pause` was entered, and is closed after the failure.
    let all = types(&failed.history);
    let failure = all.iter().position(|t| t == "TaskFailed").unwrap_or(0);
    assert!(all.contains(&"WaitStateEntered".to_owned()), "{all:?}");
    assert_eq!(
        all[all.len() - 4..],
        [
            "TaskStateAborted",
            "WaitStateAborted",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
    assert!(failure < all.len() - 4, "{all:?}");
    let task_failed = event(&failed.history, "TaskFailed").id;
    for kind in [
        "TaskStateAborted",
        "WaitStateAborted",
        "ParallelStateFailed",
    ] {
        assert_eq!(
            event(&failed.history, kind).previous_event_id,
            task_failed,
            "{kind}"
        );
    }
    // A Fail state ends its branch itself: no `…StateAborted` for it.
    let fail = machine(
        r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Stop", "States": {"Stop": {"Type": "Fail", "Error": "E"}}},
            {"StartAt": "Go", "States": {"Go": {"Type": "Pass", "End": true}}}]}}}"#,
    );
    let failed = blocking::run(Engine::new().machine(&fail).input(json!({}))).unwrap();
    assert!(
        !types(&failed.history)
            .iter()
            .any(|t| t == "FailStateAborted"),
        "{:?}",
        types(&failed.history)
    );
}

#[test]
fn a_failed_iteration_stops_the_other_iterations_of_an_inline_map() {
    // As AWS recorded it (LocalStack's `test_service_lambda_map_timeout`, validated on AWS on
    // 2024-03-10): the failed iteration's `MapIterationFailed` and its Task's
    // `TaskStateAborted`, then for each iteration still running `MapIterationAborted` and
    // its state's `…StateAborted`, then `MapStateFailed`, each naming the failure's event.
    let m = machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
            "ItemProcessor": {"StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "work", "Payload": {"seconds.$": "$"}}, "Next": "Done"},
                "Done": {"Type": "Pass", "End": true}}}}}}"#,
    );
    let engine = Engine::new().state("Work", |call: TaskCall| async move {
        let seconds = call.input["Payload"]["seconds"].as_u64().unwrap_or(0);
        if seconds == 1 {
            return Err(TaskFailure::new("Work.Failed", "item 1"));
        }
        Ok(TaskOutput::after(
            Duration::from_secs(seconds),
            json!({"Payload": seconds}),
        ))
    });
    let failed = blocking::run(engine.machine(&m).input(json!([1, 30, 60])))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(
        failed.error,
        Some(ErrorName::from("Work.Failed")),
        "{:?}",
        failed.cause
    );
    assert!(
        !failed.states.contains(&"Done".to_owned()),
        "{:?}",
        failed.states
    );
    let closing: Vec<&HistoryEvent> = failed
        .history
        .iter()
        .filter(|e| {
            let t = e.kind.event_type().to_string();
            t == "MapIterationFailed"
                || t == "MapIterationAborted"
                || t.ends_with("StateAborted")
                || t == "MapStateFailed"
        })
        .collect();
    assert_eq!(
        types(&closing.iter().map(|e| (*e).clone()).collect::<Vec<_>>()),
        [
            "MapIterationFailed",
            "TaskStateAborted",
            "MapIterationAborted",
            "TaskStateAborted",
            "MapIterationAborted",
            "TaskStateAborted",
            "MapStateFailed"
        ]
    );
    let task_failed = event(&failed.history, "TaskFailed").id;
    assert!(closing.iter().all(|e| e.previous_event_id == task_failed));
    let aborted: Vec<usize> = failed
        .history
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::MapIterationAborted { index, .. } => Some(*index),
            _ => None,
        })
        .collect();
    assert_eq!(aborted, [1, 2]);
}

/// A Distributed Map (one child at a time, each an execution of `execution_type`) whose
/// children run `Prepare` (a Pass) then `Work` (a Lambda task on the item), then `Finish`, a
/// Lambda task after the Map.
fn map_then_finish_of(execution_type: &str, map_fields: &str) -> StateMachine {
    machine(
        &r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1, "Label": "Items", MAP_FIELDS
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "TYPE"},
              "StartAt": "Prepare", "States": {
                "Prepare": {"Type": "Pass", "Parameters": {"item.$": "$"}, "Next": "Work"},
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "work", "Payload.$": "$.item"}, "OutputPath": "$.Payload", "End": true}}},
            "Next": "Finish"},
          "Finish": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "finish", "Payload.$": "$"}, "OutputPath": "$.Payload", "End": true}}}"#
            .replace("TYPE", execution_type)
            .replace("MAP_FIELDS", map_fields),
    )
}

/// A run of [`map_then_finish_of`] that failed, and its redrive once the tasks were mended.
struct FailedThenRedriven {
    failed: Execution,
    redriven: Execution,
    /// How many times each task was called, by item (`Finish` as "finish"), in both runs.
    calls: Vec<(String, u32)>,
}

/// Runs [`map_then_finish_of`] (`execution_type` children, `map_fields` more fields of the Map)
/// on `items`: `Work` fails for the
/// items in `broken`, `Finish` fails when `finish_broken`; the execution must fail. Then every
/// task works again and the execution is redriven; it must succeed.
fn fail_then_redrive(
    (execution_type, map_fields): (&str, &str),
    items: Value,
    broken: &[&str],
    finish_broken: bool,
) -> FailedThenRedriven {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let mending = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(Mutex::new(std::collections::BTreeMap::<String, u32>::new()));
    let broken: Vec<String> = broken.iter().map(|b| (*b).to_owned()).collect();
    let (work_mended, work_calls) = (Arc::clone(&mending), Arc::clone(&calls));
    let (finish_mended, finish_calls) = (Arc::clone(&mending), Arc::clone(&calls));
    let engine = Engine::new()
        .state_machine_name("Orders")
        .state("Work", move |call: TaskCall| {
            let item = call.input["Payload"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            *work_calls.lock().unwrap().entry(item.clone()).or_default() += 1;
            let fails = broken.contains(&item) && !work_mended.load(Ordering::SeqCst);
            async move {
                if fails {
                    return Err(TaskFailure::new("Work.Failed", format!("item {item}")));
                }
                Ok(TaskOutput::from(json!({"Payload": format!("{item} done")})))
            }
        })
        .state("Finish", move |call: TaskCall| {
            *finish_calls
                .lock()
                .unwrap()
                .entry("finish".into())
                .or_default() += 1;
            let fails = finish_broken && !finish_mended.load(Ordering::SeqCst);
            async move {
                if fails {
                    return Err(TaskFailure::new("Finish.Failed", "not yet"));
                }
                Ok(TaskOutput::from(
                    json!({"Payload": call.input["Payload"].clone()}),
                ))
            }
        });
    let m = map_then_finish_of(execution_type, map_fields);
    let failed = blocking::run(engine.machine(&m).input(items)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(failed.status, ExecutionStatus::Failed);
    mending.store(true, Ordering::SeqCst);
    let redriven = redrive_to_success(&engine, &m, &failed);
    let calls = calls.lock().unwrap().clone().into_iter().collect();
    FailedThenRedriven {
        failed,
        redriven,
        calls,
    }
}

/// `(name, n)` pairs as the counts [`FailedThenRedriven::calls`] holds.
fn counts(pairs: &[(&str, u32)]) -> Vec<(String, u32)> {
    pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

#[test]
fn a_redrive_reruns_only_the_unsuccessful_children_of_the_failed_map_run() {
    // AWS documentation, "Redriving Map Runs": a redriven parent redrives the failed Map Run;
    // its STANDARD children "that failed, timed out, or canceled in the original execution
    // attempt are redriven using the RedriveExecution API action … from the last state in
    // ItemProcessor that resulted in their unsuccessful execution", under "the same execution
    // ARN as the original execution attempt"; the parent's history gains `MapRunRedriven`
    // (HistoryEvent's mapRunRedrivenEventDetails: the Map Run's ARN and its redrive count).
    let run = fail_then_redrive(("STANDARD", ""), json!(["a", "b", "c"]), &["b"], false);
    let (failed, redriven) = (&run.failed, &run.redriven);
    let first = &failed.map_runs[0];
    let statuses: Vec<ExecutionStatus> =
        first.executions.iter().map(|c| c.status.clone()).collect();
    // One at a time: `c` never started.
    assert_eq!(
        statuses,
        [ExecutionStatus::Succeeded, ExecutionStatus::Failed]
    );
    assert_eq!(redriven.output, Some(json!(["a done", "b done", "c done"])));
    // `a` succeeded before: not run again; `b` ran again, `c` for the first time.
    assert_eq!(
        run.calls,
        counts(&[("a", 1), ("b", 2), ("c", 1), ("finish", 1)])
    );
    let all = types(&redriven.history);
    let at = all.iter().position(|t| t == "ExecutionRedriven").unwrap();
    assert_eq!(all[..at], types(&failed.history)[..]);
    assert_eq!(
        all[at..],
        [
            "ExecutionRedriven",
            "MapRunRedriven",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ],
        "{all:?}"
    );
    match &event(&redriven.history, "MapRunRedriven").kind {
        EventKind::MapRunRedriven {
            map_run_arn,
            redrive_count,
        } => {
            assert_eq!(*map_run_arn, first.arn);
            assert_eq!(*redrive_count, 1);
        }
        other => panic!("{other:?}"),
    }
    // The same Map Run, redriven once, with the same children.
    let again = &redriven.map_runs[0];
    assert_eq!(again.arn, first.arn);
    assert_eq!(again.redrive_count, 1);
    assert_eq!(again.status, ExecutionStatus::Succeeded);
    assert_eq!(again.executions.len(), 3);
    assert_eq!(again.executions[0], first.executions[0]);
    let (b_before, b_after) = (&first.executions[1], &again.executions[1]);
    assert_eq!(b_after.arn, b_before.arn);
    assert_eq!(b_after.status, ExecutionStatus::Succeeded);
    assert_eq!(b_after.record()["RedriveCount"], 1);
    // `b`'s own history continues from where it failed: `Prepare` is not run again.
    let b_types = types(&b_after.history);
    let at = b_types
        .iter()
        .position(|t| t == "ExecutionRedriven")
        .unwrap();
    assert_eq!(b_types[..at], types(&b_before.history)[..]);
    assert_eq!(b_types[at + 1], "TaskStateEntered", "{b_types:?}");
    assert_eq!(
        b_types.last().map(String::as_str),
        Some("ExecutionSucceeded")
    );
    assert_eq!(
        again.executions[2]
            .history
            .first()
            .map(|e| e.kind.event_type().to_string()),
        Some("ExecutionStarted".to_owned())
    );
}

#[test]
fn a_map_run_that_succeeded_before_the_failure_is_not_run_again_by_a_redrive() {
    // "Step Functions preserves the results and execution history of the successful steps,
    // and doesn't rerun these steps when you redrive an execution" (RedriveExecution's API
    // reference): the Map's children keep their outputs, only `Finish` runs again.
    let run = fail_then_redrive(("STANDARD", ""), json!(["a", "b"]), &[], true);
    let (failed, redriven) = (&run.failed, &run.redriven);
    assert_eq!(failed.error, Some(ErrorName::from("Finish.Failed")));
    assert_eq!(redriven.output, Some(json!(["a done", "b done"])));
    assert_eq!(run.calls, counts(&[("a", 1), ("b", 1), ("finish", 2)]));
    let all = types(&redriven.history);
    let at = all.iter().position(|t| t == "ExecutionRedriven").unwrap();
    assert_eq!(all[at + 1], "TaskStateEntered", "{all:?}");
    assert!(
        !all[at..].iter().any(|t| t.starts_with("MapRun")),
        "{all:?}"
    );
    assert_eq!(redriven.map_runs[0].arn, failed.map_runs[0].arn);
    assert_eq!(redriven.map_runs[0].redrive_count, 0);
}

/// A Distributed Map (`MaxConcurrency` 1, no failure tolerated) whose children each wait for
/// a callback that carries their item.
fn callback_children() -> StateMachine {
    machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Ask", "States": {
                "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                                 "MessageBody": {"item.$": "$", "token.$": "$$.Task.Token"}},
                  "End": true}}},
            "End": true}}}"#,
    )
}

#[test]
fn update_map_run_changes_a_running_map_runs_concurrency_and_tolerance() {
    // The UpdateMapRun API reference: "Updates an in-progress Map Run's configuration to
    // include changes to the settings that control maximum concurrency and Map Run failure."
    use workflow_runtime::engine::{CallbackError, MapRunUpdate};
    let running = blocking::start(
        Engine::new()
            .machine(&callback_children())
            .input(json!(["a", "b", "c", "d"])),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // One child at a time, as the definition says; the Map Run shows itself while it runs.
    assert_eq!(running.waiting_tasks().len(), 1);
    let live = running.map_runs();
    assert_eq!(live.len(), 1);
    let arn: StatesArn = live[0].arn.clone();
    assert_eq!(
        (live[0].max_concurrency, live[0].total, live[0].running),
        (1, 4, 1)
    );
    // Three at a time, and one failure tolerated: two more children start at once.
    running
        .update_map_run(
            &arn,
            MapRunUpdate::new()
                .max_concurrency(3)
                .tolerated_failure_count(1),
        )
        .unwrap();
    let waiting = running.waiting_tasks();
    assert_eq!(waiting.len(), 3, "{waiting:?}");
    let shown = &running.map_runs()[0];
    assert_eq!(
        (
            shown.max_concurrency,
            shown.tolerated_failure_count,
            shown.running
        ),
        (3, 1, 3)
    );
    // A failure is now within the tolerance; the others succeed.
    running
        .send_task_failure(
            &waiting[0].task_token,
            ErrorName::from("Item.Bad"),
            Some("no"),
        )
        .unwrap();
    for task in &waiting[1..] {
        running
            .send_task_success(&task.task_token, r#""ok""#)
            .unwrap();
    }
    let last = running.waiting_tasks();
    assert_eq!(last.len(), 1, "{last:?}");
    let last = &last[0];
    assert_eq!(last.input["MessageBody"]["item"], "d");
    running
        .send_task_success(&last.task_token, r#""ok""#)
        .unwrap();
    assert!(matches!(
        running.update_map_run(&arn, MapRunUpdate::new().max_concurrency(5)),
        Err(CallbackError::MapRunNotRunning(_))
    ));
    let done = running.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    let map_run = &done.map_runs[0];
    assert_eq!(
        (map_run.max_concurrency, map_run.tolerated_failure_count),
        (3, 1)
    );
    assert_eq!(
        done.output.unwrap_or_default()[0],
        json!({"Error": "Item.Bad", "Cause": "no"})
    );
}

#[test]
fn a_redrive_starts_an_express_child_that_failed_again_from_its_first_state() {
    // "Express: All child workflow executions that failed or timed out in the original
    // execution attempt are started using the StartExecution API action. The first state in
    // ItemProcessor is run first" (AWS documentation, "Redriving Map Runs"); an EXPRESS child
    // keeps no history, so nothing is continued.
    let run = fail_then_redrive(("EXPRESS", ""), json!(["a", "b"]), &["b"], false);
    let (failed, redriven) = (&run.failed, &run.redriven);
    assert_eq!(redriven.output, Some(json!(["a done", "b done"])));
    assert_eq!(run.calls, counts(&[("a", 1), ("b", 2), ("finish", 1)]));
    let again = &redriven.map_runs[0];
    assert_eq!(again.arn, failed.map_runs[0].arn);
    assert_eq!(
        again.executions[1].arn,
        failed.map_runs[0].executions[1].arn
    );
    assert!(again.executions[1].history.is_empty());
    assert_eq!(again.executions[1].status, ExecutionStatus::Succeeded);
}

#[test]
fn a_map_run_that_succeeded_with_tolerated_failures_is_replayed_as_it_ended() {
    // The Map Run succeeded (its failed child within `ToleratedFailureCount`), a later state
    // failed: a redrive reruns neither the Map Run's children nor its tolerated failure
    // ("Step Functions preserves the results … of the successful steps").
    let run = fail_then_redrive(
        ("STANDARD", r#""ToleratedFailureCount": 1,"#),
        json!(["a", "b"]),
        &["b"],
        true,
    );
    assert_eq!(
        run.redriven.output,
        Some(json!(["a done", {"Error": "Work.Failed", "Cause": "item b"}]))
    );
    assert_eq!(run.calls, counts(&[("a", 1), ("b", 1), ("finish", 2)]));
    assert_eq!(
        run.redriven.map_runs[0].executions,
        run.failed.map_runs[0].executions
    );
}

#[test]
fn stopping_the_execution_aborts_its_running_map_run_and_keeps_those_that_ended() {
    // MapRunStatus has `ABORTED`; MapRunExecutionCounts' `aborted` counts the children that
    // "were running, but were either stopped by the user or by Step Functions"; the Map Run
    // page: children of the Express type cannot be stopped, Standard ones are. The event
    // `MapRunAborted` is in the API's HistoryEventType, without details.
    let machine = machine(
        r#"{"StartAt": "First", "States": {
            "First": {"Type": "Map", "ResultPath": null, "Next": "Each",
              "ItemsPath": "$.first",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}},
            "Each": {"Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$.items",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Ask", "States": {
                  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                                   "MessageBody": {"item.$": "$", "token.$": "$$.Task.Token"}},
                    "End": true}}},
              "End": true}}}"#,
    );
    let running = blocking::start(
        Engine::new()
            .machine(&machine)
            .input(json!({"first": [1, 2], "items": ["a", "b", "c"]})),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let first = running.waiting_tasks();
    assert_eq!(first.len(), 1, "{first:?}");
    running
        .send_task_success(&first[0].task_token, r#""ok""#)
        .unwrap();
    let second = running.waiting_tasks();
    assert_eq!(second.len(), 1, "{second:?}");
    assert_eq!(second[0].input["MessageBody"]["item"], "b");
    assert_eq!(running.map_runs().len(), 1);
    running.stop(Some(&ErrorName::from("Operator.Stop")), Some("enough"));
    let done = running.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.status, ExecutionStatus::Aborted);
    let kinds = types(&done.history);
    assert_eq!(
        kinds[kinds.len() - 2..],
        ["MapRunAborted", "ExecutionAborted"],
        "{kinds:?}"
    );
    // The Map Run that ended before the stop is kept as it ended; the running one is ABORTED
    // with its children: the one that succeeded, the one stopped (its history ends in
    // `ExecutionAborted`); the third item never started.
    let statuses: Vec<_> = done.map_runs.iter().map(|r| r.status.clone()).collect();
    assert_eq!(
        statuses,
        [ExecutionStatus::Succeeded, ExecutionStatus::Aborted]
    );
    let aborted = &done.map_runs[1];
    assert_eq!(aborted.items, 3);
    assert_one_ended_one_stopped(aborted);
    let stopped = &aborted.executions[1];
    assert_eq!(
        (stopped.error.as_ref(), stopped.cause.as_ref()),
        (None, None)
    );

    // A redrive of the stopped execution redrives the aborted Map Run under its ARN ("A
    // parent workflow redrives unsuccessful states", "Redriving Map Runs"): the child that
    // succeeded is kept, the stopped one runs again, the third starts; the Map Run that
    // ended before is replayed as it ended.
    let redriving = blocking::start(Engine::new().machine(&machine).redrive(&done))
        .unwrap_or_else(|e| panic!("{e}"));
    for item in ["b", "c"] {
        let task = redriving.waiting_tasks();
        assert_eq!(task.len(), 1, "{task:?}");
        assert_eq!(task[0].input["MessageBody"]["item"], item);
        redriving
            .send_task_success(&task[0].task_token, &format!("\"{item} done\""))
            .unwrap();
    }
    let redriven = redriving.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        redriven.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        redriven.cause
    );
    assert_eq!(redriven.output, Some(json!(["ok", "b done", "c done"])));
    let EventKind::MapRunRedriven { map_run_arn, .. } =
        &event(&redriven.history, "MapRunRedriven").kind
    else {
        unreachable!()
    };
    assert_eq!(*map_run_arn, aborted.arn);
}

#[test]
fn a_redrive_starts_a_new_map_run_for_one_that_failed_with_states_runtime() {
    // "Redriving Map Runs": a Map Run that failed with `States.DataLimitExceeded` or
    // `States.Runtime` is not redriven; the redriven execution starts a new one. The items are
    // read by the Map's own task (no object store): failing with `States.Runtime` the first
    // time, they fail the Map Run with it.
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let m = machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "Label": "Items",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
              "ReaderConfig": {"InputType": "JSON"},
              "Parameters": {"Bucket": "b", "Key": "items.json"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let mended = Arc::new(AtomicBool::new(false));
    let reader_mended = Arc::clone(&mended);
    let engine = Engine::new().state("Each", move |_call: TaskCall| {
        let works = reader_mended.load(Ordering::SeqCst);
        async move {
            if works {
                Ok(TaskOutput::from(json!([1, 2])))
            } else {
                Err(TaskFailure::new(
                    "States.Runtime",
                    "the items could not be read",
                ))
            }
        }
    });
    let failed =
        blocking::run(engine.machine(&m).input(json!({}))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        failed.status,
        ExecutionStatus::Failed,
        "{:?}",
        types(&failed.history)
    );
    let EventKind::MapRunFailed { error, .. } = &event(&failed.history, "MapRunFailed").kind else {
        unreachable!()
    };
    assert_eq!(error.as_str(), "States.Runtime");
    mended.store(true, Ordering::SeqCst);
    let redriven = redrive_to_success(&engine, &m, &failed);
    let kinds = types(&redriven.history);
    assert!(!kinds.iter().any(|k| k == "MapRunRedriven"), "{kinds:?}");
    let arns: Vec<&StatesArn> = redriven
        .history
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::MapRunStarted { map_run_arn } => Some(map_run_arn),
            _ => None,
        })
        .collect();
    assert_eq!(arns.len(), 2, "{kinds:?}");
    assert_ne!(arns[0], arns[1]);
    let last = redriven
        .map_runs
        .last()
        .map(|r| (r.arn.clone(), r.status.clone()));
    assert_eq!(last, Some((arns[1].clone(), ExecutionStatus::Succeeded)));
}

#[test]
fn a_redrive_redrives_the_map_run_of_a_distributed_map_inside_a_failed_child() {
    // A child redriven from where it failed ("Redriving Map Runs") redrives its own Map Run as
    // an execution does: under the same ARN, its child that succeeded kept.
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let m = machine(
        r#"{"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "Label": "Outer", "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Inner", "States": {"Inner": {"Type": "Map", "Label": "Inner", "End": true,
                "ItemsPath": "$.parts",
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "Work", "States": {"Work": {"Type": "Task", "End": true,
                    "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload",
                    "Parameters": {"FunctionName": "work", "Payload.$": "$"}}}}}}}}}}"#,
    );
    let mended = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(Mutex::new(Vec::<i64>::new()));
    let (work_mended, work_calls) = (Arc::clone(&mended), Arc::clone(&calls));
    let engine = Engine::new().state("Work", move |call: TaskCall| {
        let part = call.input["Payload"]["part"].as_i64().unwrap_or_default();
        work_calls.lock().unwrap().push(part);
        let fails = part == 2 && !work_mended.load(Ordering::SeqCst);
        async move {
            if fails {
                return Err(TaskFailure::new("Work.Failed", "not yet"));
            }
            Ok(TaskOutput::from(json!({"Payload": part * 10})))
        }
    });
    let input = json!([{"parts": [{"part": 1}, {"part": 2}]}]);
    let failed = blocking::run(engine.machine(&m).input(input)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(failed.status, ExecutionStatus::Failed);
    let child = &failed.map_runs[0].executions[0];
    assert_eq!(child.status, ExecutionStatus::Failed);
    assert_eq!(child.map_runs.len(), 1, "the child keeps its own Map Run");
    let inner_arn = child.map_runs[0].arn.clone();
    mended.store(true, Ordering::SeqCst);
    let redriven = redrive_to_success(&engine, &m, &failed);
    assert_eq!(redriven.output, Some(json!([[10, 20]])));
    assert_eq!(*calls.lock().unwrap(), [1, 2, 2], "part 1 is not run again");
    let child = &redriven.map_runs[0].executions[0];
    let EventKind::MapRunRedriven { map_run_arn, .. } =
        &event(&child.history, "MapRunRedriven").kind
    else {
        unreachable!()
    };
    assert_eq!(*map_run_arn, inner_arn);
}

#[test]
fn a_map_run_in_a_parallel_branch_stopped_by_another_branchs_failure_ends_aborted() {
    // A failed branch stops the others (`ParallelStateAborted`'s siblings); a Distributed Map
    // running in one of them cannot leave its Map Run running: it ends ABORTED, its running
    // children stopped, as when the execution is stopped (MapRunExecutionCounts' `aborted`:
    // children "stopped … by Step Functions").
    let m = machine(
        r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Later", "States": {
              "Later": {"Type": "Wait", "Seconds": 5, "Next": "Broken"},
              "Broken": {"Type": "Fail", "Error": "Branch.Broken", "Cause": "on purpose"}}},
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "Label": "Slow",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "SecondsPath": "$", "End": true}}}}}}]}}}"#,
    );
    let done = run(&m, json!([1, 100]));
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(
        done.error.as_ref().map(|e| e.as_str()),
        Some("Branch.Broken")
    );
    assert_eq!(done.map_runs.len(), 1, "{:?}", types(&done.history));
    let map_run = &done.map_runs[0];
    assert_eq!(map_run.status, ExecutionStatus::Aborted);
    assert_one_ended_one_stopped(map_run);
}
