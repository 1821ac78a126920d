//! Resuming an execution whose process stopped (`StartExecution::resume`): the execution is
//! cut at a point (its history stored up to an event, its Distributed Maps' children's up to
//! theirs, as a server that was killed stored them), resumed from what was stored, and must
//! end as the uninterrupted run ended, its history the same events with the same ids, its
//! Waits keeping their deadlines and its Tasks whose end was not stored invoked again.

use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::aws_models::{StatesArn, TaskToken};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{Engine, Execution, TaskCall, TaskFailure, TaskOutput, TimeMode};
use workflow_runtime::execution::api::HistoryEventType;
use workflow_runtime::execution::{EventKind, ExecutionStatus, HistoryEvent, RecordedHistory};

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

/// Milliseconds from `started` to the execution's `TaskTimedOut`.
fn timed_out_after(done: &Execution, started: i64) -> i64 {
    done.history
        .iter()
        .find(|e| e.kind.event_type() == HistoryEventType::TaskTimedOut)
        .map(|e| e.timestamp_millis - started)
        .expect("timed out")
}

fn types(history: &[HistoryEvent]) -> Vec<String> {
    history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect()
}

/// An engine whose Lambda function `work` counts its calls and answers its payload doubled
/// after 3 s.
fn working() -> (Engine, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let work = Arc::clone(&calls);
    let engine = Engine::new().handler(
        "arn:aws:lambda:us-east-1:123456789012:function:work",
        move |call: TaskCall| {
            work.fetch_add(1, Ordering::SeqCst);
            let n = call.input["n"].as_i64().unwrap_or(0);
            async move {
                Ok::<_, TaskFailure>(TaskOutput::after(
                    Duration::from_secs(3),
                    json!({"n": n * 2}),
                ))
            }
        },
    );
    (engine, calls)
}

/// An engine whose Lambda functions `work` and `flaky` count their calls: `work` answers its
/// payload doubled after 3 s, `flaky` fails its first call.
fn counting() -> (Engine, Arc<AtomicUsize>) {
    let (engine, calls) = working();
    let flaky = Arc::clone(&calls);
    let engine = engine.handler(
        "arn:aws:lambda:us-east-1:123456789012:function:flaky",
        move |call: TaskCall| {
            flaky.fetch_add(1, Ordering::SeqCst);
            async move {
                if call.retry_count == 0 {
                    Err(TaskFailure::new("Flaky", "the first call fails"))
                } else {
                    Ok(json!({"retried": call.retry_count}))
                }
            }
        },
    );
    (engine, calls)
}

/// A machine with a Wait, a Task, a retried Task, a Choice, a Parallel (one branch waits
/// longer than the other) and an inline Map with two iterations at once, and variables.
fn everything() -> StateMachine {
    machine(
        r#"{"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Parameters": {"items": [{"n": 1}, {"n": 2}, {"n": 3}], "id.$": "States.UUID()"},
                  "Assign": {"seen": 0}, "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 30, "Next": "Work"},
        "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                 "Parameters": {"n": 5}, "ResultPath": "$.work", "Next": "Flaky"},
        "Flaky": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:flaky",
                  "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 2}],
                  "ResultPath": "$.flaky", "Next": "Big?"},
        "Big?": {"Type": "Choice", "Choices": [{"Variable": "$.work.n", "NumericGreaterThan": 5, "Next": "Both"}],
                 "Default": "Done"},
        "Both": {"Type": "Parallel", "ResultPath": "$.both", "Next": "Each", "Branches": [
            {"StartAt": "Short", "States": {"Short": {"Type": "Wait", "Seconds": 1, "Next": "ShortWork"},
              "ShortWork": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                            "Parameters": {"n": 1}, "End": true}}},
            {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 20, "Next": "LongWork"},
              "LongWork": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                           "Parameters": {"n": 2}, "End": true}}}]},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.each",
                 "ItemProcessor": {"StartAt": "Item", "States": {
                   "Item": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                            "Parameters": {"n.$": "$.n"}, "End": true}}},
                 "Next": "Done"},
        "Done": {"Type": "Pass", "Assign": {"seen.$": "States.ArrayLength($.each)"}, "End": true}}}"#,
    )
}

#[test]
fn every_cut_of_a_history_resumes_to_the_uninterrupted_run() {
    let m = everything();
    let (engine, calls) = counting();
    let whole = blocking::run(engine.machine(&m).input(json!({"order": 7})))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        whole.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        whole.cause
    );
    let whole_calls = calls.swap(0, Ordering::SeqCst);
    let last = whole.history.len() - 1;
    // Every point the process could have stopped at: after each event but the last.
    for cut in 1..last {
        let stored = RecordedHistory::new(whole.history[..cut].to_vec());
        let resumed = blocking::run(engine.machine(&m).resume(stored))
            .unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
        assert_eq!(
            types(&resumed.history),
            types(&whole.history),
            "cut at {cut} ({})",
            whole.history[cut - 1].kind.event_type()
        );
        assert_eq!(resumed.history, whole.history, "cut at {cut}");
        assert_eq!(resumed.output, whole.output, "cut at {cut}");
        assert_eq!(resumed.states, whole.states, "cut at {cut}");
        // The Tasks whose end was stored are not invoked again; the others are.
        let ended_before = whole.history[..cut]
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::LambdaFunctionSucceeded { .. }
                        | EventKind::LambdaFunctionFailed { .. }
                )
            })
            .count();
        assert_eq!(
            calls.swap(0, Ordering::SeqCst),
            whole_calls - ended_before,
            "cut at {cut}"
        );
    }
}

#[test]
fn a_resumed_execution_keeps_what_it_drew_at_random() {
    // `States.UUID()` drew an id before the process stopped; the resumed run keeps it (the
    // recorded output is the run's data), whatever the engine's seed.
    let m = everything();
    let (engine, _) = counting();
    let whole = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    let cut = whole
        .history
        .iter()
        .position(|e| e.kind.event_type() == HistoryEventType::WaitStateEntered)
        .unwrap()
        + 1;
    let stored = RecordedHistory::new(whole.history[..cut].to_vec());
    let (other_seed, _) = counting();
    let resumed = blocking::run(other_seed.seed(99).machine(&m).resume(stored)).unwrap();
    assert_eq!(resumed.output.unwrap()["id"], whole.output.unwrap()["id"]);
}

/// A record of an execution started at `started` (ms since the epoch) whose first state `state`
/// was entered (`event_type`) at `entered`, and nothing after.
fn entered_at(started: i64, entered: i64, event_type: &str, state: &str) -> RecordedHistory {
    RecordedHistory::from_json(&json!({"events": [
        {"id": 1, "previousEventId": 0, "timestamp": started as f64 / 1000.0,
         "type": "ExecutionStarted", "executionStartedEventDetails": {"input": "{}"}},
        {"id": 2, "previousEventId": 1, "timestamp": entered as f64 / 1000.0,
         "type": event_type, "stateEnteredEventDetails": {"name": state, "input": "{}"}},
    ]}))
    .unwrap()
}

/// `m` resumed from `recorded` on the wall clock, run to its end.
fn resumed_in_real_time(m: &StateMachine, recorded: RecordedHistory) -> Execution {
    blocking::run(
        Engine::new()
            .time(TimeMode::Real)
            .machine(m)
            .resume(recorded),
    )
    .unwrap()
}

#[test]
fn a_wait_resumed_in_real_time_keeps_its_deadline() {
    let m = machine(
        r#"{"StartAt": "Pause", "States": {
        "Pause": {"Type": "Wait", "Seconds": 2, "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}}}"#,
    );
    // The execution entered its Wait 1.5 s before its process stopped.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let entered = now - 1_500;
    let resumed = resumed_in_real_time(
        &m,
        entered_at(entered - 100, entered, "WaitStateEntered", "Pause"),
    );
    assert_eq!(resumed.status, ExecutionStatus::Succeeded);
    let exited = resumed
        .history
        .iter()
        .find(|e| e.kind.event_type() == HistoryEventType::WaitStateExited)
        .unwrap();
    // It left the Wait 2 s after it entered it, not 2 s after the resume.
    let waited = exited.timestamp_millis - entered;
    assert!((2_000..3_000).contains(&waited), "waited {waited} ms");
    assert_eq!(
        resumed.history[..2],
        RecordedHistory::from_json(&json!({"events": resumed.history[..2].iter().map(HistoryEvent::to_json).collect::<Vec<_>>()}))
            .unwrap()
            .events()[..]
    );
    assert_eq!(resumed.history[2].id, 3);
    assert_eq!(resumed.history[2].previous_event_id, 2);
}

/// The callback machine: a `.waitForTaskToken` Task that sends its token, then a Pass.
fn approval() -> StateMachine {
    machine(
        r#"{"StartAt": "Prepare", "States": {
        "Prepare": {"Type": "Pass", "Result": {"order": 7}, "Next": "Approve"},
        "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
            "TimeoutSeconds": 3600, "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}}}"#,
    )
}

#[test]
fn a_callback_task_keeps_its_token_and_is_not_sent_again() {
    let m = approval();
    let sent = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&sent);
    let engine = Engine::new().handler(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        move |call: TaskCall| {
            seen.lock().unwrap().push(call.input.clone());
            async { Ok::<_, TaskFailure>(json!({"MessageId": "m-1"})) }
        },
    );
    let first = blocking::start(engine.machine(&m)).unwrap();
    let task = first.next_task().expect("a task waits");
    let token: TaskToken = task.input["MessageBody"]["token"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    // The process stops while the task waits: what it stored is its history so far.
    let stored = first.history_so_far();
    assert_eq!(
        types(&stored).last().map(String::as_str),
        Some("TaskSubmitted")
    );
    first.stop(None, Some("the process stopped"));
    drop(first.wait());
    let resumed = blocking::start(
        engine
            .machine(&m)
            .resume(RecordedHistory::new(stored.clone())),
    )
    .unwrap();
    assert_eq!(resumed.task_tokens(), std::slice::from_ref(&token));
    // Its message was sent once, before the stop.
    assert_eq!(sent.lock().unwrap().len(), 1);
    resumed
        .send_task_success(&token, r#"{"approved": true}"#)
        .unwrap();
    let done = resumed.wait().unwrap();
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(done.output, Some(json!({"approved": true})));
    assert_eq!(done.history[..stored.len()], stored[..]);
    assert_eq!(
        types(&done.history[stored.len()..]),
        [
            "TaskSucceeded",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(done.history[stored.len()].id, stored.len() as u64 + 1);
}

/// A Distributed Map over four items, one child at a time, each calling `work` on its item.
fn distributed() -> StateMachine {
    machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "Item", "States": {"Item": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
            "Parameters": {"n.$": "$.n"}, "End": true}}},
        "End": true}}}"#,
    )
}

#[test]
fn a_distributed_map_keeps_its_map_run_and_its_finished_children() {
    let m = distributed();
    let (engine, calls) = working();
    let input = json!([{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}]);
    let whole = blocking::run(engine.machine(&m).input(input)).unwrap();
    assert_eq!(
        whole.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        whole.cause
    );
    assert_eq!(calls.swap(0, Ordering::SeqCst), 4);
    let map_run = &whole.map_runs[0];
    // The process stopped while the third child ran its Task: the parent's history up to
    // `MapRunStarted`, the first two children's whole, the third's up to its Task's start,
    // the fourth's none.
    let started = whole
        .history
        .iter()
        .position(|e| e.kind.event_type() == HistoryEventType::MapRunStarted)
        .unwrap()
        + 1;
    let third = &map_run.executions[2].history;
    let third_cut = third
        .iter()
        .position(|e| e.kind.event_type() == HistoryEventType::LambdaFunctionStarted)
        .unwrap()
        + 1;
    let stored = RecordedHistory::new(whole.history[..started].to_vec())
        .child(
            map_run.executions[0].arn.clone(),
            map_run.executions[0].history.clone(),
        )
        .child(
            map_run.executions[1].arn.clone(),
            map_run.executions[1].history.clone(),
        )
        .child(
            map_run.executions[2].arn.clone(),
            third[..third_cut].to_vec(),
        );
    let resumed = blocking::run(engine.machine(&m).resume(stored)).unwrap();
    assert_eq!(
        resumed.status,
        ExecutionStatus::Succeeded,
        "{:?}",
        resumed.cause
    );
    assert_eq!(resumed.output, whole.output);
    assert_eq!(resumed.history, whole.history);
    // The first two children did not run again; the third's Task ran again, the fourth ran.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let again = &resumed.map_runs[0];
    assert_eq!(again.arn, map_run.arn);
    assert_eq!(again.start_millis, map_run.start_millis);
    assert_eq!(again.items, 4);
    assert_eq!(again.executions.len(), 4);
    for (resumed, whole) in again.executions.iter().zip(&map_run.executions) {
        assert_eq!(resumed.arn, whole.arn);
        assert_eq!(resumed.status, ExecutionStatus::Succeeded);
        assert_eq!(resumed.output, whole.output);
        assert_eq!(resumed.history, whole.history, "{}", whole.arn);
    }
}

#[test]
fn a_parallel_with_one_branch_done_resumes_the_other() {
    let m = everything();
    let (engine, calls) = counting();
    let whole = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    calls.swap(0, Ordering::SeqCst);
    // Cut once the short branch ended and the long one waits.
    let cut = whole
        .history
        .iter()
        .position(
            |e| matches!(&e.kind, EventKind::StateExited { name, .. } if &**name == "ShortWork"),
        )
        .unwrap()
        + 1;
    assert!(
        whole.history[..cut]
            .iter()
            .all(|e| !matches!(&e.kind, EventKind::StateExited { name, .. } if &**name == "Long")),
        "the long branch still waits at the cut"
    );
    let resumed = blocking::run(
        engine
            .machine(&m)
            .resume(RecordedHistory::new(whole.history[..cut].to_vec())),
    )
    .unwrap();
    assert_eq!(resumed.history, whole.history);
    // The long branch's Task and the Map's three ran; the short branch's did not again.
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[test]
fn a_history_that_ended_or_is_none_is_not_resumed() {
    let m = everything();
    let (engine, _) = counting();
    let whole: Execution = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    let ended = blocking::run(
        engine
            .machine(&m)
            .resume(RecordedHistory::new(whole.history.clone())),
    );
    assert!(
        matches!(&ended, Err(workflow_runtime::engine::EngineError::History(m)) if m.contains("already ended")),
        "{ended:?}"
    );
    let headless = blocking::run(
        engine
            .machine(&m)
            .resume(RecordedHistory::new(whole.history[1..3].to_vec())),
    );
    assert!(
        matches!(&headless, Err(workflow_runtime::engine::EngineError::History(m)) if m.contains("ExecutionStarted")),
        "{headless:?}"
    );
}

/// A Distributed Map whose children, two at a time, wait for a callback with their item.
fn waiting_children() -> StateMachine {
    machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
          "StartAt": "Ask", "States": {
            "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "item.$": "$"}},
              "Next": "Done"},
            "Done": {"Type": "Pass", "End": true}}},
        "End": true}}}"#,
    )
}

#[test]
fn a_started_distributed_map_resumes_with_the_child_events_its_starter_kept() {
    let m = waiting_children();
    let engine = Engine::new();
    let first = blocking::start(
        engine
            .machine(&m)
            .input(json!([1, 2, 3]))
            .keep_child_events(true),
    )
    .unwrap();
    let waiting = first.waiting_tasks();
    assert_eq!(waiting.len(), 2);
    first
        .send_task_success(&waiting[0].task_token, r#"{"answer": 1}"#)
        .unwrap();
    // The first child ended; the third started.
    let mut still: Vec<TaskToken> = first.task_tokens();
    still.sort();
    // The process stops: what its host stored is the parent's events and its children's.
    let parent = first.history_so_far();
    let children = first.take_child_events();
    assert!(
        children
            .iter()
            .any(|(_, e)| e.kind.event_type() == HistoryEventType::ExecutionSucceeded)
    );
    first.stop(None, Some("the process stopped"));
    drop(first.wait());
    let mut stored = RecordedHistory::new(parent.clone());
    let mut arns: Vec<&StatesArn> = children.iter().map(|(arn, _)| arn).collect();
    arns.dedup();
    for arn in arns {
        let events = children
            .iter()
            .filter(|(a, _)| a == arn)
            .map(|(_, e)| e.clone())
            .collect();
        stored = stored.child(arn.clone(), events);
    }
    let resumed = blocking::start(engine.machine(&m).resume(stored)).unwrap();
    // The children that waited wait again with their tokens.
    let mut tokens = resumed.task_tokens();
    tokens.sort();
    assert_eq!(tokens, still);
    for (n, token) in tokens.iter().enumerate() {
        resumed
            .send_task_success(token, &format!(r#"{{"answer": {}}}"#, n + 2))
            .unwrap();
    }
    let done = resumed.wait().unwrap();
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(done.history[..parent.len()], parent[..]);
    let run = &done.map_runs[0];
    assert_eq!(run.executions.len(), 3);
    assert!(
        run.executions
            .iter()
            .all(|c| c.status == ExecutionStatus::Succeeded)
    );
    // The first child was kept as it ended: its answer is the one sent before the stop.
    assert_eq!(
        run.executions[0].output.as_ref().map(|o| o.to_value()),
        Some(json!({"answer": 1}))
    );
}

/// Now, in milliseconds since the Unix epoch.
fn wall_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// A callback task recorded as started `ago_ms` before now, waiting for its answer: its
/// history (the events up to `TaskSubmitted`, at that time) and its token.
fn callback_started_ago(m: &StateMachine, ago_ms: i64) -> (Vec<HistoryEvent>, TaskToken) {
    let first = blocking::start(Engine::new().machine(m)).unwrap();
    let task = first.next_task().expect("a task waits");
    let at = wall_now() - ago_ms;
    let stored: Vec<HistoryEvent> = first
        .history_so_far()
        .into_iter()
        .map(|e| HistoryEvent {
            timestamp_millis: at,
            ..e
        })
        .collect();
    first.stop(None, Some("the process stopped"));
    drop(first.wait());
    (stored, task.task_token)
}

#[test]
fn a_resumed_callback_tasks_deadlines_count_from_its_recorded_start_and_last_heartbeat() {
    let m = machine(
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
        "TimeoutSeconds": 3, "End": true}}}"#,
    );
    // It started 2 s before the resume: its TimeoutSeconds ends 1 s after it, not 3 s.
    let (stored, _) = callback_started_ago(&m, 2_000);
    let started = stored.last().unwrap().timestamp_millis;
    let resumed = blocking::start(
        Engine::new()
            .time(TimeMode::Real)
            .machine(&m)
            .resume(RecordedHistory::new(stored))
            .wall_deadlines(true),
    )
    .unwrap();
    let done = resumed.wait().unwrap();
    let ended = done.history.last().unwrap();
    assert_eq!(done.status, ExecutionStatus::Failed);
    let took = timed_out_after(&done, started);
    assert!((2_900..3_900).contains(&took), "timed out after {took} ms");
    assert!(ended.timestamp_millis - started < 4_500);

    // A heartbeat 1.5 s after its start, recorded by the host: its HeartbeatSeconds (2) ends
    // 2 s after that heartbeat, 3.5 s after its start, before its TimeoutSeconds (10).
    let m = machine(
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
        "TimeoutSeconds": 10, "HeartbeatSeconds": 2, "End": true}}}"#,
    );
    let (stored, token) = callback_started_ago(&m, 2_000);
    let started = stored.last().unwrap().timestamp_millis;
    let resumed = blocking::start(
        Engine::new()
            .time(TimeMode::Real)
            .machine(&m)
            .resume(RecordedHistory::new(stored))
            .recorded_heartbeats([(token, started + 1_500)])
            .wall_deadlines(true),
    )
    .unwrap();
    let done = resumed.wait().unwrap();
    let took = timed_out_after(&done, started);
    assert!((3_400..4_400).contains(&took), "timed out after {took} ms");
}

#[test]
fn an_answers_event_is_in_the_history_once_answer_recorded_ends() {
    let m = approval();
    let running = blocking::start(Engine::new().machine(&m).confirm_answers(true)).unwrap();
    let task = running.next_task().expect("a task waits");
    // No answer handed over: nothing to wait for.
    futures::executor::block_on(running.answer_recorded(&task.task_token));
    running
        .send_task_success(&task.task_token, r#"{"approved": true}"#)
        .unwrap();
    let recorded = running.answer_recorded(&task.task_token);
    futures::executor::block_on(recorded);
    let history = running.history_so_far();
    let submitted = history
        .iter()
        .find(|e| e.kind.event_type() == HistoryEventType::TaskSubmitted)
        .unwrap()
        .id;
    let answer = history
        .iter()
        .find(|e| e.previous_event_id == submitted)
        .expect("the answer's event follows the task's submission");
    assert_eq!(answer.kind.event_type(), HistoryEventType::TaskSucceeded);
    futures::executor::block_on(running.ended());
    assert_eq!(running.wait().unwrap().status, ExecutionStatus::Succeeded);
}

const REVIEW: &str = "arn:aws:states:us-east-1:123456789012:activity:Review";

/// A task of `m` waiting for its answer (`activity`: taken by a worker first), stored as a
/// server stores it: its events up to its last (`ActivityStarted`, `TaskSubmitted`), that
/// one `last_ago_ms` before now and the ones before it (the execution's and the task's
/// start, `ActivityScheduled` or `TaskStarted`) `started_ago_ms` before now. Its history
/// and its token.
fn waiting_task_stored(
    engine: &Engine,
    m: &StateMachine,
    activity: bool,
    (started_ago_ms, last_ago_ms): (i64, i64),
) -> (Vec<HistoryEvent>, TaskToken) {
    let first = blocking::start(engine.clone().machine(m).confirm_answers(true)).unwrap();
    let token = if activity {
        let token = first
            .get_activity_task(&REVIEW.parse().unwrap(), "w")
            .expect("a worker takes the task")
            .task_token;
        futures::executor::block_on(first.answer_recorded(&token));
        token
    } else {
        first.next_task().expect("a task waits").task_token
    };
    let now = wall_now();
    let mut stored = first.history_so_far();
    let waits_after = if activity {
        "ActivityStarted"
    } else {
        "TaskSubmitted"
    };
    assert_eq!(types(&stored).last().map(String::as_str), Some(waits_after));
    let last = stored.len() - 1;
    for (at, event) in stored.iter_mut().enumerate() {
        event.timestamp_millis = now
            - if at == last {
                last_ago_ms
            } else {
                started_ago_ms
            };
    }
    first.stop(None, Some("the process stopped"));
    drop(first.wait());
    (stored, token)
}

#[test]
fn a_resumed_tasks_answer_is_written_when_it_comes() {
    // A resumed task's answer counts its wait from the task's recorded start, while its
    // strand's clock stood at its last recorded event (the worker's start, the submission):
    // the answer's event is written when the answer comes, not that gap (here 10 minutes)
    // after it.
    let activity = machine(&format!(
        r#"{{"StartAt": "Review", "States": {{"Review": {{"Type": "Task",
        "Resource": "{REVIEW}", "TimeoutSeconds": 3600, "End": true}}}}}}"#
    ));
    let engine = Engine::new().activity(REVIEW.parse().unwrap());
    for (m, is_activity, ended) in [
        (&activity, true, HistoryEventType::ActivitySucceeded),
        (&approval(), false, HistoryEventType::TaskSucceeded),
    ] {
        let (stored, token) = waiting_task_stored(&engine, m, is_activity, (1_200_000, 600_000));
        let resumed = blocking::start(
            engine
                .clone()
                .time(TimeMode::Real)
                .machine(m)
                .resume(RecordedHistory::new(stored.clone()))
                .wall_deadlines(true)
                .confirm_answers(true),
        )
        .unwrap();
        futures::executor::block_on(resumed.task_waits(&token));
        let answered = wall_now();
        resumed
            .send_task_success(&token, r#"{"ok": true}"#)
            .unwrap();
        let recorded = resumed.answer_recorded(&token);
        let (tell, told) = std::sync::mpsc::channel();
        std::thread::spawn(move || tell.send(futures::executor::block_on(recorded)));
        // A guard against the hang, not a measure: the gap is 10 minutes.
        let outcome = told.recv_timeout(Duration::from_secs(60));
        assert!(
            outcome.is_ok(),
            "{ended} not written a minute after the answer"
        );
        let history = resumed.history_so_far();
        let event = history
            .iter()
            .find(|e| e.kind.event_type() == ended)
            .expect("the answer's event");
        assert_eq!(event.previous_event_id, stored.last().unwrap().id);
        let written = event.timestamp_millis;
        assert!(
            (answered..=wall_now()).contains(&written),
            "{ended} at {written}, answered at {answered}"
        );
        let done = resumed.wait().unwrap();
        assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    }
}

#[test]
fn a_redrive_resumed_goes_on_as_the_redrive_keeping_what_it_recorded() {
    let m = approval();
    let engine = Engine::new();
    // The first attempt fails at its task.
    let first = blocking::start(engine.machine(&m)).unwrap();
    let task = first.next_task().unwrap();
    first
        .send_task_failure(&task.task_token, None, Some("rejected"))
        .unwrap();
    let failed = first.wait().unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    // Redriven, its task waits again; the process stops.
    let redriven = blocking::start(engine.machine(&m).redrive(&failed)).unwrap();
    let again = redriven.next_task().unwrap();
    let stored = redriven.history_so_far();
    redriven.stop(None, Some("the process stopped"));
    drop(redriven.wait());
    assert_eq!(
        stored
            .iter()
            .filter(|e| e.kind.event_type() == HistoryEventType::ExecutionRedriven)
            .count(),
        1
    );
    // Resumed as the redrive: the same task waits, with the same token.
    let resumed = blocking::start(
        engine
            .machine(&m)
            .resume_redrive(&failed, RecordedHistory::new(stored.clone())),
    )
    .unwrap();
    assert_eq!(
        resumed.task_tokens(),
        std::slice::from_ref(&again.task_token)
    );
    resumed
        .send_task_success(&again.task_token, r#"{"approved": true}"#)
        .unwrap();
    let done = resumed.wait().unwrap();
    assert_eq!(done.status, ExecutionStatus::Succeeded, "{:?}", done.cause);
    assert_eq!(done.history[..stored.len()], stored[..]);
    let ids: Vec<u64> = done.history.iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..=done.history.len() as u64).collect::<Vec<_>>());
    assert_eq!(
        done.history
            .iter()
            .filter(|e| e.kind.event_type() == HistoryEventType::ExecutionRedriven)
            .count(),
        1
    );
    // A history that is not the failed attempt's followed by its redrive is refused.
    let refused = blocking::start(
        engine
            .machine(&m)
            .resume_redrive(&failed, RecordedHistory::new(failed.history.clone())),
    );
    assert!(refused.is_err());
}

/// A history is in time order (AWS's `GetExecutionHistory` lists events by id, and by
/// timestamp read backwards): a record whose clock ran ahead of this host's (written by another
/// server, or before the clock was set back) resumed in real time gets no event stamped before
/// the one it follows.
#[test]
fn a_resumed_history_never_goes_back_in_time() {
    let m = machine(
        r#"{"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Next": "Second"},
        "Second": {"Type": "Pass", "End": true}}}"#,
    );
    let ahead = wall_now() + 5_000;
    let resumed = resumed_in_real_time(&m, entered_at(ahead, ahead, "PassStateEntered", "First"));
    assert_eq!(resumed.status, ExecutionStatus::Succeeded);
    assert!(resumed.history.len() > 3, "{:?}", types(&resumed.history));
    for pair in resumed.history.windows(2) {
        assert!(
            pair[1].timestamp_millis >= pair[0].timestamp_millis,
            "event {} is stamped before event {}: {:?}",
            pair[1].id,
            pair[0].id,
            types(&resumed.history)
        );
    }
}
