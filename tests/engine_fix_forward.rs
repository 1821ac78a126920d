//! Resuming a failed execution on a fixed definition (issue 72, item 3:
//! `StartExecution::resume_failed`): the fix runs on the record up to where the execution
//! failed (its Tasks answered by the record, not called again), then live; inside a Parallel
//! or an inline Map only what did not finish runs again, inside a Distributed Map only the
//! children that did not succeed; variables are restored; a fix that takes another path before
//! the failure is refused unless the state to resume at is named; a timeout and a stop are
//! resumed alike. The plan (`StartExecution::plan`) says where a resume on AWS starts.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Engine, EngineError, TaskFailure, blocking};
use workflow_runtime::execution::{ExecutionStatus, RecordedHistory};

fn machine(definition: &Value) -> StateMachine {
    StateMachine::from_json(&definition.to_string()).unwrap_or_else(|e| panic!("{e}\n{definition}"))
}

/// An engine whose Lambda functions `names` answer `{"from": NAME, "got": payload}` and
/// note each call, by function.
fn functions(names: &[&'static str]) -> (Engine, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mut engine = Engine::new();
    for name in names {
        let noted = Arc::clone(&calls);
        let name: &'static str = name;
        engine = engine.lambda(name, move |payload: Value| {
            noted.lock().unwrap().push(name.to_owned());
            async move { Ok::<_, TaskFailure>(json!({"from": name, "got": payload})) }
        });
    }
    (engine, calls)
}

fn invoke(function: &str, next: Option<&str>) -> Value {
    invoke_on(function, "$", next)
}

/// A Task calling `function` on what `path` selects (a path that selects nothing fails it
/// with `States.Runtime`: the bug the fixes mend).
fn invoke_on(function: &str, path: &str, next: Option<&str>) -> Value {
    let mut state = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function, "Payload.$": path}, "OutputPath": "$.Payload"});
    match next {
        Some(next) => state["Next"] = json!(next),
        None => state["End"] = json!(true),
    }
    state
}

/// Six states of a pipeline; the second assigns the rows it counted as a variable, the fifth
/// sends them to `transform` (read from `rows`: the bug reads `$.rows`, which nothing holds).
fn pipeline(fixed: bool) -> Value {
    let rows = if fixed { "$rows" } else { "$.rows" };
    json!({"StartAt": "Extract", "States": {
        "Extract": invoke("extract", Some("Clean")),
        "Clean": {"Type": "Pass", "Assign": {"rows": 3}, "Next": "Validate"},
        "Validate": invoke("validate", Some("Enrich")),
        "Enrich": invoke("enrich", Some("Transform")),
        "Transform": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "transform", "Payload": {"rows.$": rows}},
            "OutputPath": "$.Payload", "Next": "Load"},
        "Load": invoke("load", None)}})
}

fn calls(noted: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    std::mem::take(&mut *noted.lock().unwrap())
}

#[test]
fn a_fixed_top_level_task_runs_live_after_the_recorded_states() {
    let (engine, noted) = functions(&["extract", "validate", "enrich", "transform", "load"]);
    let failed = blocking::run(engine.machine(&machine(&pipeline(false)))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    assert_eq!(calls(&noted), ["extract", "validate", "enrich"]);
    let record = RecordedHistory::new(failed.history.clone());
    let resumed = blocking::run(
        engine
            .machine(&machine(&pipeline(true)))
            .resume_failed(record),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    // Only what failed, and what follows it, was called.
    assert_eq!(calls(&noted), ["transform", "load"]);
    assert_eq!(resumed.resumed_at.state, "Transform");
    assert_eq!(resumed.resumed_at.variables.get("rows"), Some(&json!(3)));
    assert_eq!(resumed.replayed_states, 4);
    assert_eq!(resumed.live_states(), 2);
    // The variable the record's states assigned reached the fixed state.
    let transform = &resumed.execution.output.as_ref().unwrap()["got"];
    assert_eq!(transform, &json!({"from": "transform", "got": {"rows": 3}}));
    assert!(resumed.differences.is_empty(), "{:#?}", resumed.differences);
    // Starting over calls everything again.
    let over = blocking::run(engine.machine(&machine(&pipeline(true)))).unwrap();
    assert_eq!(over.status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted).len(), 5);
    assert_eq!(over.output, resumed.execution.output);
}

#[test]
fn a_fix_that_takes_another_path_before_the_failure_is_refused_unless_a_state_is_named() {
    let (engine, noted) = functions(&["extract", "validate", "enrich", "transform", "load"]);
    let failed = blocking::run(engine.machine(&machine(&pipeline(false)))).unwrap();
    calls(&noted);
    let record = RecordedHistory::new(failed.history.clone());
    // The fix also audits after Clean: it no longer takes the recorded path.
    let mut skipping = pipeline(true);
    skipping["States"]["Clean"]["Next"] = json!("Audit");
    skipping["States"]["Audit"] = json!({"Type": "Pass", "Next": "Validate"});
    let refused = blocking::run(
        engine
            .machine(&machine(&skipping))
            .resume_failed(record.clone()),
    )
    .expect_err("it diverges before the failure");
    let EngineError::DivergesBeforeFailure(d) = &refused else {
        panic!("{refused}")
    };
    assert_eq!(d.state.as_deref(), Some("Audit"), "{d}");
    assert_eq!(d.after_state.as_deref(), Some("Clean"), "{d}");
    assert!(
        calls(&noted).is_empty(),
        "nothing runs live before the refusal"
    );
    // Named, the state takes the input the record shows and the variables assigned before it,
    // and everything from there runs live.
    let resumed = blocking::run(
        engine
            .machine(&machine(&skipping))
            .resume_failed(record)
            .from_state("Enrich"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resumed.execution.status, ExecutionStatus::Succeeded);
    assert_eq!(calls(&noted), ["enrich", "transform", "load"]);
    assert!(resumed.resumed_at.named);
    assert_eq!(resumed.resumed_at.variables.get("rows"), Some(&json!(3)));
    assert_eq!(resumed.replayed_states, 0);
    let entered = &resumed.execution.history[1];
    assert_eq!(entered.kind.state_name(), Some("Enrich"));
    // A state inside a Parallel or a Map, or one the record never entered, is refused.
    let refused = blocking::run(
        engine
            .machine(&machine(&skipping))
            .resume_failed(RecordedHistory::new(failed.history.clone()))
            .from_state("Nowhere"),
    )
    .expect_err("no such state");
    assert!(
        refused.to_string().contains("not a top-level state"),
        "{refused}"
    );
}

#[test]
fn inside_a_parallel_only_the_failed_branch_runs_again() {
    // The right branch waits before its Task: the left one has finished when it fails.
    let parallel = |path: &str| {
        json!({"StartAt": "Prepare", "States": {
            "Prepare": invoke("prepare", Some("Both")),
            "Both": {"Type": "Parallel", "Next": "Done", "Branches": [
                {"StartAt": "Left", "States": {"Left": invoke("left", None)}},
                {"StartAt": "Later", "States": {
                    "Later": {"Type": "Wait", "Seconds": 5, "Next": "Right"},
                    "Right": invoke_on("right", path, None)}}]},
            "Done": {"Type": "Pass", "End": true}}})
    };
    let (engine, noted) = functions(&["prepare", "left", "right"]);
    let failed = blocking::run(engine.machine(&machine(&parallel("$.missing")))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    assert_eq!(calls(&noted), ["prepare", "left"]);
    let fixed = machine(&parallel("$"));
    let record = RecordedHistory::new(failed.history.clone());
    let resumed = blocking::run(engine.machine(&fixed).resume_failed(record.clone())).unwrap();
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    // `left` finished: its recorded result answers it again.
    assert_eq!(calls(&noted), ["right"]);
    // On AWS a resume starts at a top-level state: the Parallel.
    let point = blocking::run(engine.machine(&fixed).resume_failed(record).plan()).unwrap();
    assert_eq!(point.state, "Both");
    assert_eq!(point.input, json!({"from": "prepare", "got": {}}));
    assert!(calls(&noted).is_empty(), "a plan runs nothing live");
}

#[test]
fn inside_an_inline_map_only_the_iterations_that_did_not_finish_run_again() {
    let map = |with_default: bool| {
        let mut check = json!({"Type": "Choice", "Choices": [
            {"Variable": "$.got.n", "NumericLessThan": 2, "Next": "Small"}]});
        if with_default {
            check["Default"] = json!("Small");
        }
        json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
            "MaxConcurrency": 1, "End": true,
            "ItemProcessor": {"StartAt": "Measure", "States": {
                "Measure": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "measure", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Check"},
                "Check": check,
                "Small": {"Type": "Pass", "End": true}}}}}})
    };
    let (engine, noted) = functions(&["measure"]);
    let failed = blocking::run(
        engine
            .machine(&machine(&map(false)))
            .input(json!({"items": [{"n": 1}, {"n": 2}, {"n": 3}]})),
    )
    .unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
    // Item 2 failed at its Choice; item 3 never started.
    assert_eq!(calls(&noted).len(), 2, "{failed} {:#?}", failed.history);
    let resumed = blocking::run(
        engine
            .machine(&machine(&map(true)))
            .resume_failed(RecordedHistory::new(failed.history)),
    )
    .unwrap();
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    // Items 1 and 2 were measured before: only item 3 is.
    assert_eq!(calls(&noted), ["measure"]);
    assert_eq!(resumed.resumed_at.state, "Each");
}

/// A Distributed Map whose child fails when an item is over 10 (no Choice matches it), unless
/// fixed with a Default.
fn distributed(fixed: bool, execution_type: &str) -> Value {
    let mut check = json!({"Type": "Choice", "Choices": [
        {"Variable": "$.got.n", "NumericLessThanEquals": 10, "Next": "Fine"}]});
    if fixed {
        check["Default"] = json!("Fine");
    }
    json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
        "Label": "Items", "MaxConcurrency": 1, "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": execution_type},
          "StartAt": "Measure", "States": {
            "Measure": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "measure", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Check"},
            "Check": check,
            "Fine": {"Type": "Pass", "End": true}}}}}})
}

#[test]
fn inside_a_distributed_map_only_the_children_that_did_not_succeed_run_again() {
    for execution_type in ["STANDARD", "EXPRESS"] {
        let (engine, noted) = functions(&["measure"]);
        let failed = blocking::run(
            engine
                .machine(&machine(&distributed(false, execution_type)))
                .input(json!({"items": [{"n": 1}, {"n": 20}, {"n": 3}]})),
        )
        .unwrap();
        assert_eq!(failed.status, ExecutionStatus::Failed, "{failed}");
        assert_eq!(
            failed.map_runs[0].executions.len(),
            2,
            "one at a time: item 3 never started"
        );
        let child = failed.failed_child().expect("a failed child");
        assert_eq!(child.state.as_deref(), Some("Check"), "{child}");
        calls(&noted);
        let record = RecordedHistory::of_run(&failed);
        let resumed = blocking::run(
            engine
                .machine(&machine(&distributed(true, execution_type)))
                .resume_failed(record),
        )
        .unwrap_or_else(|e| panic!("{execution_type}: {e}"));
        assert_eq!(
            resumed.execution.status,
            ExecutionStatus::Succeeded,
            "{execution_type}: {}",
            resumed.execution
        );
        let run = &resumed.execution.map_runs[0];
        assert_eq!(run.executions.len(), 3);
        assert!(
            run.executions
                .iter()
                .all(|c| c.status == ExecutionStatus::Succeeded)
        );
        // The child that succeeded was kept; the failed STANDARD one resumed after its
        // recorded Task, an EXPRESS one (no history) ran again from its start; the item that
        // never started started.
        let expected: &[&str] = match execution_type {
            "STANDARD" => &["measure"],
            _ => &["measure", "measure"],
        };
        assert_eq!(calls(&noted), expected, "{execution_type}");
        assert_eq!(resumed.resumed_at.state, "Each");
    }
}

#[test]
fn a_timed_out_execution_resumes_with_a_timeout_counted_from_the_resume() {
    let timed = |timeout: u64| {
        json!({"TimeoutSeconds": timeout, "StartAt": "Extract", "States": {
            "Extract": invoke("extract", Some("Settle")),
            "Settle": {"Type": "Wait", "Seconds": 30, "Next": "Load"},
            "Load": invoke("load", None)}})
    };
    let (engine, noted) = functions(&["extract", "load"]);
    let failed = blocking::run(engine.machine(&machine(&timed(20)))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::TimedOut);
    calls(&noted);
    let resumed = blocking::run(
        engine
            .machine(&machine(&timed(60)))
            .resume_failed(RecordedHistory::new(failed.history)),
    )
    .unwrap();
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    assert_eq!(calls(&noted), ["load"]);
    assert_eq!(resumed.resumed_at.state, "Settle");
}

#[test]
fn a_stopped_execution_resumes_where_it_was_stopped() {
    let waiting = json!({"StartAt": "Extract", "States": {
        "Extract": invoke("extract", Some("Approve")),
        "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Load"},
        "Load": invoke("load", None)}});
    let (engine, noted) = functions(&["extract", "load"]);
    let started = blocking::start(engine.machine(&machine(&waiting))).unwrap();
    started.next_task().expect("the approval waits");
    started.stop(None, Some("stopped by hand"));
    let stopped = started.wait().unwrap();
    assert_eq!(stopped.status, ExecutionStatus::Aborted);
    calls(&noted);
    // The fix approves by itself.
    let mut fixed = waiting.clone();
    fixed["States"]["Approve"] =
        json!({"Type": "Pass", "Result": {"approved": true}, "Next": "Load"});
    let resumed = blocking::run(
        engine
            .machine(&machine(&fixed))
            .resume_failed(RecordedHistory::new(stopped.history)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        resumed.execution.status,
        ExecutionStatus::Succeeded,
        "{}",
        resumed.execution
    );
    assert_eq!(calls(&noted), ["load"]);
    assert_eq!(resumed.resumed_at.state, "Approve");
}

#[test]
fn a_succeeded_or_running_execution_is_not_resumed() {
    let (engine, _) = functions(&["extract", "validate", "enrich", "transform", "load"]);
    let fine = machine(&pipeline(true));
    let done = blocking::run(engine.machine(&fine)).unwrap();
    let refused = blocking::run(
        engine
            .machine(&fine)
            .resume_failed(RecordedHistory::new(done.history.clone())),
    )
    .expect_err("it succeeded");
    assert!(refused.to_string().contains("succeeded"), "{refused}");
    let refused = blocking::run(
        engine
            .machine(&fine)
            .resume_failed(RecordedHistory::new(done.history[..3].to_vec())),
    )
    .expect_err("it is still running");
    assert!(refused.to_string().contains("still running"), "{refused}");
}
