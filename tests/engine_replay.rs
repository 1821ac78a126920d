//! Replaying a recorded execution on a (possibly changed) definition
//! (`StartExecution::replay`): the recorded results answer the Tasks, the run is compared with
//! the record, and the first divergence names the state and the event, what was recorded and
//! what the definition does now.

use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Engine, TaskCall, TaskFailure};
use workflow_runtime::execution::{ExecutionStatus, RecordedHistory};

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

/// An order workflow: charge (a Lambda function), a Parallel that ships and notifies, a Map
/// over the items, a Choice on the charge's answer.
fn orders(threshold: u32, notify_message: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "Charge", "States": {{
        "Charge": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {{"FunctionName": "charge", "Payload.$": "$"}}, "ResultSelector": {{"approved.$": "$.Payload.approved"}},
            "ResultPath": "$.charge", "Next": "Approved?"}},
        "Approved?": {{"Type": "Choice", "Choices": [{{"Variable": "$.total", "NumericLessThan": {threshold}, "Next": "Fulfil"}}],
            "Default": "Review"}},
        "Review": {{"Type": "Fail", "Error": "Review"}},
        "Fulfil": {{"Type": "Parallel", "ResultPath": "$.fulfil", "Next": "Each", "Branches": [
            {{"StartAt": "Ship", "States": {{"Ship": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {{"FunctionName": "ship", "Payload.$": "$.items"}}, "OutputPath": "$.Payload", "End": true}}}}}},
            {{"StartAt": "Notify", "States": {{"Notify": {{"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                "Parameters": {{"TopicArn": "arn:aws:sns:us-east-1:123456789012:orders", "Message": "{notify_message}"}}, "End": true}}}}}}]}},
        "Each": {{"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.each",
            "ItemProcessor": {{"StartAt": "Pack", "States": {{"Pack": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {{"FunctionName": "pack", "Payload.$": "$"}}, "OutputPath": "$.Payload", "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

/// An engine whose functions count their calls.
fn engine() -> (Engine, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let (a, b, c, d) = (
        Arc::clone(&calls),
        Arc::clone(&calls),
        Arc::clone(&calls),
        Arc::clone(&calls),
    );
    let engine = Engine::new()
        .lambda("charge", move |_: serde_json::Value| {
            a.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, TaskFailure>(json!({"approved": true})) }
        })
        .lambda("ship", move |items: serde_json::Value| {
            b.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, TaskFailure>(json!({"shipped": items})) }
        })
        .lambda("pack", move |item: serde_json::Value| {
            c.fetch_add(1, Ordering::SeqCst);
            async move { Ok::<_, TaskFailure>(json!({"packed": item})) }
        })
        .state("Notify", move |_: TaskCall| {
            d.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, TaskFailure>(json!({"MessageId": "m-1"})) }
        });
    (engine, calls)
}

fn recorded() -> RecordedHistory {
    let (engine, _) = engine();
    let run = engine
        .machine(&orders(100, "shipped"))
        .input(json!({"total": 42, "items": ["a", "b"]}))
        .run_blocking()
        .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    // Through the JSON `get-execution-history` prints, as a user's file holds it.
    let file = json!({"events": run.history_json()});
    RecordedHistory::from_json_text(&file.to_string()).unwrap()
}

#[test]
fn the_same_definition_replays_its_record_identically_without_calling_anything() {
    let history = recorded();
    let (engine, calls) = engine();
    let replayed = engine
        .machine(&orders(100, "shipped"))
        .replay(history.clone())
        .run_blocking()
        .unwrap();
    assert!(
        replayed.is_identical(),
        "{:?}",
        replayed.divergence().map(ToString::to_string)
    );
    assert!(
        replayed.differences.is_empty(),
        "{:?}",
        replayed.differences
    );
    replayed.assert_identical();
    // The recorded results answered every Task.
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    // And an engine with no handlers at all replays it too.
    Engine::new()
        .machine(&orders(100, "shipped"))
        .replay(history)
        .run_blocking()
        .unwrap()
        .assert_identical();
}

#[test]
fn a_changed_choice_diverges_at_the_state_it_now_enters() {
    let replayed = Engine::new()
        .machine(&orders(10, "shipped"))
        .replay(recorded())
        .run_blocking()
        .unwrap();
    let divergence = replayed.divergence().expect("a divergence");
    assert_eq!(divergence.event.as_deref(), Some("FailStateEntered"));
    assert_eq!(divergence.state.as_deref(), Some("Review"));
    assert_eq!(
        divergence.recorded_event.as_ref().map(|(t, _)| t.as_str()),
        Some("ParallelStateEntered")
    );
    assert!(divergence.recorded.contains("Fulfil"), "{divergence}");
    assert!(divergence.now.contains("Review"), "{divergence}");
    let text = divergence.to_string();
    assert!(text.starts_with("state `Review`, event"), "{text}");
}

#[test]
fn a_task_sent_another_request_is_a_divergence_unless_the_engine_answers_it() {
    let replayed = Engine::new()
        .machine(&orders(100, "on its way"))
        .replay(recorded())
        .run_blocking()
        .unwrap();
    let divergence = replayed.divergence().expect("a divergence");
    assert_eq!(divergence.event.as_deref(), Some("TaskScheduled"));
    assert!(divergence.recorded.contains("shipped"), "{divergence}");
    assert!(divergence.now.contains("on its way"), "{divergence}");
}

#[test]
fn a_history_cut_short_replays_up_to_its_end_and_the_engine_answers_the_rest() {
    // A running execution's history: the replay goes on past its end, where the engine's
    // handlers answer what was not recorded yet.
    let history = recorded();
    let cut = history.events().len() / 2;
    let (engine, calls) = engine();
    let replayed = engine
        .machine(&orders(100, "shipped"))
        .replay(RecordedHistory::new(history.events()[..cut].to_vec()))
        .run_blocking()
        .unwrap();
    replayed.assert_identical();
    assert_eq!(replayed.execution.status, ExecutionStatus::Succeeded);
    assert!(calls.load(Ordering::SeqCst) > 0);
}

// ---- Events as AWS records them, where replaying its recordings showed the engine's differ ----

fn types(run: &workflow_runtime::engine::Execution) -> Vec<String> {
    run.history.iter().map(|e| e.kind.event_type()).collect()
}

#[test]
fn a_retried_map_or_parallel_records_no_state_failed_before_its_retry() {
    // LocalStack's `test_map_state_retry` and `test_parallel_state_retry`, recorded on AWS:
    // `MapIterationFailed` then the retry's `MapStateStarted` (naming the failure's event);
    // `MapStateFailed` only when no Retrier retries it any more.
    let map = machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1,
        "ItemProcessor": {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Bad", "Cause": "c"}}},
        "Retry": [{"ErrorEquals": ["Bad"], "MaxAttempts": 1}], "End": true}}}"#,
    );
    let run = Engine::new()
        .machine(&map)
        .input(json!([1]))
        .run_blocking()
        .unwrap();
    assert_eq!(
        types(&run),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapIterationStarted",
            "FailStateEntered",
            "MapIterationFailed",
            "MapStateStarted",
            "MapIterationStarted",
            "FailStateEntered",
            "MapIterationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    // The retry's start names the failure's event (`FailStateEntered`), as the close does.
    assert_eq!(run.history[6].previous_event_id, 5);
    assert_eq!(run.history[10].previous_event_id, 9);
    let parallel = machine(
        r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true,
        "Retry": [{"ErrorEquals": ["Bad"], "MaxAttempts": 1}],
        "Branches": [{"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Bad"}}}]}}}"#,
    );
    let run = Engine::new().machine(&parallel).run_blocking().unwrap();
    assert_eq!(
        types(&run),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(run.history[4].previous_event_id, 4);
}

#[test]
fn a_maps_limits_are_read_when_aws_reads_them() {
    // LocalStack's `test_max_concurrency_path` (recorded on AWS): an invalid
    // `MaxConcurrencyPath` fails the state before `MapStateStarted`;
    // `test_map_state_tolerated_failure_count_path`: an invalid tolerated failure count after
    // it, before any `MapRunStarted`.
    let inline = machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrencyPath": "$.n",
        "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}}}"#,
    );
    let run = Engine::new()
        .machine(&inline)
        .input(json!({"n": "NoNumber", "items": [1]}))
        .run_blocking()
        .unwrap();
    assert_eq!(
        types(&run),
        ["ExecutionStarted", "MapStateEntered", "ExecutionFailed"]
    );
    let distributed = machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ToleratedFailureCountPath": "$.n",
        "ItemsPath": "$.items", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}}}"#,
    );
    let run = Engine::new()
        .machine(&distributed)
        .input(json!({"n": -1, "items": [1]}))
        .run_blocking()
        .unwrap();
    assert_eq!(
        types(&run),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "ExecutionFailed"
        ]
    );
}
