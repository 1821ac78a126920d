//! Replaying a recorded execution on a (possibly changed) definition
//! (`StartExecution::replay`): the recorded results answer the Tasks, the run is compared with
//! the record, and the first divergence names the state and the event, what was recorded and
//! what the definition does now.

use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{DifferenceKind, Engine, TaskCall, TaskFailure, TimeMode};
use workflow_runtime::execution::api::HistoryEventType;
use workflow_runtime::execution::{ExecutionStatus, RecordedHistory};

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

/// An order workflow: charge (a Lambda function), a Parallel that ships and notifies, a Map
/// over the items, a Choice on the charge's answer. Each item, a string, is its function's
/// `Payload` as JSON text (`States.JsonToString`): a bare string is sent as it is, and `a` is no
/// JSON event (Lambda refuses it).
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
                "Parameters": {{"FunctionName": "pack", "Payload.$": "States.JsonToString($)"}}, "OutputPath": "$.Payload", "End": true}}}}}},
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
    let run = blocking::run(
        engine
            .machine(&orders(100, "shipped"))
            .input(json!({"total": 42, "items": ["a", "b"]})),
    )
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
    let replayed = blocking::run(
        engine
            .machine(&orders(100, "shipped"))
            .replay(history.clone()),
    )
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
    blocking::run(
        Engine::new()
            .machine(&orders(100, "shipped"))
            .replay(history),
    )
    .unwrap()
    .assert_identical();
}

#[test]
fn a_changed_choice_diverges_at_the_state_it_now_enters() {
    let replayed = blocking::run(
        Engine::new()
            .machine(&orders(10, "shipped"))
            .replay(recorded()),
    )
    .unwrap();
    let divergence = replayed.divergence().expect("a divergence");
    assert_eq!(divergence.event, Some(HistoryEventType::FailStateEntered));
    assert_eq!(divergence.state.as_deref(), Some("Review"));
    assert_eq!(
        divergence.recorded_event.as_ref().map(|(t, _)| t.as_str()),
        Some("ParallelStateEntered")
    );
    assert!(divergence.recorded.contains("Fulfil"), "{divergence}");
    assert!(divergence.now.contains("Review"), "{divergence}");
    let text = divergence.to_string();
    assert!(
        text.starts_with("state `Review` (after `Approved?`), event"),
        "{text}"
    );
    assert_eq!(divergence.after_state.as_deref(), Some("Approved?"));
}

#[test]
fn a_task_sent_another_request_is_a_divergence_unless_the_engine_answers_it() {
    let replayed = blocking::run(
        Engine::new()
            .machine(&orders(100, "on its way"))
            .replay(recorded()),
    )
    .unwrap();
    let divergence = replayed.divergence().expect("a divergence");
    assert_eq!(divergence.event, Some(HistoryEventType::TaskScheduled));
    assert!(divergence.recorded.contains("shipped"), "{divergence}");
    assert!(divergence.now.contains("on its way"), "{divergence}");
}

#[test]
fn a_running_executions_history_replays_to_where_it_stops() {
    // A running execution's history (cut in its Parallel): the replay goes as far as the
    // record and stops there, as the execution did; nothing is called.
    let history = recorded();
    let events = history.events();
    let cut = events
        .iter()
        .position(|e| {
            e.kind.event_type() == HistoryEventType::TaskScheduled
                && e.to_json().to_string().contains("sns")
        })
        .unwrap_or(events.len() / 2);
    let (engine, calls) = engine();
    let replayed = blocking::run(
        engine
            .machine(&orders(100, "shipped"))
            .replay(RecordedHistory::new(events[..cut].to_vec())),
    )
    .unwrap();
    replayed.assert_identical();
    assert_eq!(replayed.execution.status, ExecutionStatus::Running);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(replayed.execution.history.len(), cut);
    // A change after where it stops is not seen; one before it is.
    blocking::run(
        Engine::new()
            .machine(&orders(100, "on its way"))
            .replay(RecordedHistory::new(events[..3].to_vec())),
    )
    .unwrap()
    .assert_identical();
    let changed = blocking::run(
        Engine::new()
            .machine(&orders(10, "shipped"))
            .replay(RecordedHistory::new(events[..cut].to_vec())),
    )
    .unwrap();
    assert_eq!(
        changed.divergence().and_then(|d| d.state.as_deref()),
        Some("Review")
    );
}

/// A history that `StopExecution` ended in the Wait state `W`, as the service records it.
fn stopped_in_a_wait() -> (StateMachine, RecordedHistory) {
    let waits = machine(
        r#"{"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 100, "Next": "After"},
        "After": {"Type": "Pass", "End": true}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&waits)).unwrap();
    let all = run.history_json();
    let mut events: Vec<serde_json::Value> = all.as_array().unwrap()[..4].to_vec();
    events.push(json!({"id": 5, "previousEventId": 4, "timestamp": "2026-01-01T00:00:40.000Z",
        "type": "ExecutionAborted", "executionAbortedEventDetails": {"error": "Stopped", "cause": "by hand"}}));
    let file = json!({ "events": events });
    (
        waits,
        RecordedHistory::from_json_text(&file.to_string()).unwrap(),
    )
}

#[test]
fn a_stopped_execution_replays_to_its_abort() {
    let (waits, history) = stopped_in_a_wait();
    let replayed = blocking::run(Engine::new().machine(&waits).replay(history.clone())).unwrap();
    replayed.assert_identical();
    assert_eq!(replayed.execution.status, ExecutionStatus::Aborted);
    assert_eq!(
        replayed.execution.error.as_ref().map(|e| e.as_str()),
        Some("Stopped")
    );
    assert_eq!(replayed.execution.cause.as_deref(), Some("by hand"));
    assert_eq!(replayed.execution.states, ["P", "W"]);
    let last = replayed
        .execution
        .history
        .last()
        .map(|e| e.kind.event_type().to_string());
    assert_eq!(last.as_deref(), Some("ExecutionAborted"));
    // Skipping the Wait now, the run would go on past the abort: it ends otherwise.
    let skips = machine(
        r#"{"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "After"},
        "After": {"Type": "Pass", "End": true}}}"#,
    );
    let replayed = blocking::run(Engine::new().machine(&skips).replay(history)).unwrap();
    let d = replayed.divergence().expect("a divergence");
    assert_eq!(d.kind, DifferenceKind::Path);
    assert_eq!(d.state.as_deref(), Some("After"));
}

#[test]
fn a_changed_result_is_a_data_difference_at_the_state_that_changed() {
    let pass = |id: &str| {
        machine(&format!(
            r#"{{"StartAt": "Tag", "States": {{
            "Tag": {{"Type": "Pass", "Result": {{"orderId": "{id}"}}, "ResultPath": "$.tag", "Next": "Ship"}},
            "Ship": {{"Type": "Pass", "ResultPath": null, "End": true}}}}}}"#
        ))
    };
    let run = blocking::run(Engine::new().machine(&pass("a")).input(json!({"n": 1}))).unwrap();
    let history = RecordedHistory::new(run.history);
    let replayed = blocking::run(Engine::new().machine(&pass("b")).replay(history)).unwrap();
    assert!(!replayed.is_identical());
    assert!(replayed.takes_recorded_path());
    let d = replayed.divergence().expect("a difference");
    assert_eq!(d.kind, DifferenceKind::Data);
    assert_eq!(d.state.as_deref(), Some("Tag"));
    assert_eq!(d.event, Some(HistoryEventType::PassStateExited));
    assert_eq!(d.changes.len(), 1, "{d}");
    assert_eq!(d.changes[0].pointer, "/output/tag/orderId");
    assert_eq!(d.changes[0].recorded, Some(json!("a")));
    assert_eq!(d.changes[0].now, Some(json!("b")));
    assert_eq!(
        d.changes[0].to_string(),
        r#"/output/tag/orderId: "a" → "b""#
    );
    // The next state's input and output, and the execution's output, differ too.
    assert_eq!(replayed.differences.len(), 4, "{:#?}", replayed.differences);
}

/// A definition that draws at run time: intrinsics (JSONPath) and JSONata's functions, the
/// context object's times, a Choice on a drawn number, and draws made into other numbers
/// (`States.MathAdd`, `$floor($random() * 100)`), which the replay cannot undo.
const DRAWS: &str = r#"{"StartAt": "Tag", "States": {
  "Tag": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()", "n.$": "States.MathRandom(1, 1000)",
    "claim.$": "States.Format('claim-{}/{}', States.UUID(), States.MathRandom(1, 9))",
    "start.$": "$$.Execution.StartTime", "entered.$": "$$.State.EnteredTime",
    "plus.$": "States.MathAdd(States.MathRandom(1, 10), 100)", "execution.$": "$$.Execution.Id",
    "machine.$": "$$.StateMachine.Name"}, "Next": "Big?"},
  "Big?": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 500, "Next": "Big"}], "Default": "Small"},
  "Big": {"Type": "Pass", "Result": "big", "ResultPath": "$.size", "Next": "J"},
  "Small": {"Type": "Pass", "Result": "small", "ResultPath": "$.size", "Next": "J"},
  "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"u": "{% $uuid() %}"},
    "Output": {"u": "{% $uuid() %}", "r": "{% $random() %}", "now": "{% $now() %}", "ms": "{% $millis() %}",
      "tagged": "{% 'at-' & $now() %}", "score": "{% $floor($random() * 100) %}",
      "prev": "{% $states.input %}"}, "End": true}}}"#;

#[test]
fn values_drawn_at_run_time_are_the_records() {
    let draws = machine(DRAWS);
    // Recorded by another engine (another seed, another clock): nothing it drew is what
    // this one would draw.
    let mut sizes = std::collections::BTreeSet::new();
    for seed in [1, 2, 3, 4, 5, 6] {
        // Another machine's execution: a replay without its ARN takes the names too.
        let recorder =
            Engine::new()
                .seed(seed)
                .state_machine_name("Claims")
                .time(TimeMode::Virtual {
                    start_millis: 1_704_067_200_123 + seed as i64 * 997,
                });
        let run = blocking::run(recorder.machine(&draws)).unwrap();
        let history = RecordedHistory::new(run.history.clone());
        let replayed = blocking::run(Engine::new().machine(&draws).replay(history)).unwrap();
        replayed.assert_identical();
        assert_eq!(replayed.execution.output, run.output);
        assert_eq!(replayed.execution.states, run.states, "seed {seed}");
        // The events' times a millisecond after the times the states read (as `workflow
        // serve` and AWS may record them): the context's times and the JSONata clock, alike
        // in the replay's first run, are each taken from where they stand.
        let later = run
            .history
            .iter()
            .cloned()
            .map(|mut e| {
                e.timestamp_millis += 1;
                e
            })
            .collect();
        blocking::run(
            Engine::new()
                .machine(&draws)
                .replay(RecordedHistory::new(later)),
        )
        .unwrap()
        .assert_identical();
        sizes.insert(run.states[2].clone());
    }
    // The recorded draws took the Choice both ways: the replay followed each.
    assert_eq!(sizes.len(), 2, "{sizes:?}");
}
// ---- Events as AWS records them, where replaying its recordings showed the engine's differ ----

fn types(run: &workflow_runtime::engine::Execution) -> Vec<String> {
    run.history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect()
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
    let run = blocking::run(Engine::new().machine(&map).input(json!([1]))).unwrap();
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
    let run = blocking::run(Engine::new().machine(&parallel)).unwrap();
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
    let run = blocking::run(
        Engine::new()
            .machine(&inline)
            .input(json!({"n": "NoNumber", "items": [1]})),
    )
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
    let run = blocking::run(
        Engine::new()
            .machine(&distributed)
            .input(json!({"n": -1, "items": [1]})),
    )
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

#[test]
fn a_timed_out_or_failed_execution_replays_to_its_recorded_end() {
    for (text, status) in [
        (
            r#"{"TimeoutSeconds": 10, "StartAt": "P", "States": {
            "P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "Next": "W"},
            "W": {"Type": "Wait", "Seconds": 100, "Next": "After"},
            "After": {"Type": "Pass", "End": true}}}"#,
            ExecutionStatus::TimedOut,
        ),
        (
            r#"{"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "Next": "F"},
            "F": {"Type": "Fail", "Error": "Refused", "Cause": "no"}}}"#,
            ExecutionStatus::Failed,
        ),
    ] {
        let definition = machine(text);
        let run = blocking::run(Engine::new().seed(9).machine(&definition)).unwrap();
        assert_eq!(run.status, status);
        let replayed = blocking::run(
            Engine::new()
                .machine(&definition)
                .replay(RecordedHistory::new(run.history.clone())),
        )
        .unwrap();
        replayed.assert_identical();
        assert_eq!(replayed.execution.status, status);
        assert_eq!(replayed.execution.history.len(), run.history.len());
    }
}
