//! Started executions on a [`VirtualClock`]: time passes only as the test advances it, and
//! what they record is what the service would, to the millisecond.

use crate::execution::{EventKind, ExecutionStatus};
use crate::{Engine, RunningExecution, TaskFailure, VirtualClock};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, UNIX_EPOCH};
use workflow_asl::StateMachine;

/// 2026-11-21T00:00:00Z, in milliseconds since the epoch.
const START: i64 = 1_795_219_200_000;
const DAY: i64 = 86_400_000;

fn clock() -> VirtualClock {
    VirtualClock::starting_at(UNIX_EPOCH + Duration::from_millis(START as u64))
}

/// A Wait of 30 days, a Task that fails five times under a retrier (1 s, doubling), and a
/// callback whose heartbeat is 60 s.
const WAIT_RETRY_ASK: &str = r#"{"StartAt": "Hold", "States": {
  "Hold": {"Type": "Wait", "Seconds": 2592000, "Next": "Flaky"},
  "Flaky": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "flaky", "Payload": {}}, "ResultSelector": {"n.$": "$.Payload"},
    "Retry": [{"ErrorEquals": ["Flaky.Down"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 5}],
    "Next": "Ask"},
  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token", "entered.$": "$$.State.EnteredTime"}},
    "HeartbeatSeconds": 60, "TimeoutSeconds": 3600, "End": true}}}"#;

/// Each event's offset from the clock's start, by type name, in the order written.
fn offsets(history: &[crate::execution::HistoryEvent]) -> Vec<(String, i64)> {
    history
        .iter()
        .map(|e| (e.kind.event_type().to_string(), e.timestamp_millis - START))
        .collect()
}

/// The tasks waiting for an answer, once the clock settled.
async fn waiting(clock: &VirtualClock, running: &RunningExecution) -> Vec<crate::WaitingTask> {
    clock.settled().await;
    running.waiting_tasks().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thirty_day_wait_and_five_backed_off_retries_record_the_times_the_service_would() {
    let clock = clock();
    let calls = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&calls);
    let engine = Engine::new()
        .clock(&clock)
        .lambda("flaky", move |_: Value| {
            let call = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                match call {
                    0..5 => Err(TaskFailure::new("Flaky.Down", "not yet")),
                    _ => Ok(json!(call)),
                }
            }
        });
    let machine = StateMachine::from_json(WAIT_RETRY_ASK).expect("a definition");
    let running = engine
        .machine(&machine)
        .input(json!({}))
        .start()
        .expect("starts");
    // A day short of the Wait: nothing but the Wait happened.
    clock
        .advance(Duration::from_millis((29 * DAY) as u64))
        .await;
    assert_eq!(clock.now_millis(), START + 29 * DAY);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(clock.next_timer_millis(), Some(START + 30 * DAY));
    // To the callback: the Wait ends, the Task fails five times, backing off 1, 2, 4, 8, 16 s.
    let asked = clock
        .run_until(async || !running.waiting_tasks().await.is_empty())
        .await;
    assert!(asked);
    assert_eq!(calls.load(Ordering::SeqCst), 6);
    let entered = START + 30 * DAY + 31_000;
    let task = waiting(&clock, &running).await.remove(0);
    assert_eq!(
        task.input["MessageBody"]["entered"], "2026-12-21T00:00:31.000Z",
        "$$.State.EnteredTime is the clock's"
    );
    // A heartbeat at 59 s keeps it alive past its first 60 s; the next 60 s end it.
    clock.advance(Duration::from_secs(59)).await;
    running
        .send_task_heartbeat(&task.task_token)
        .expect("a heartbeat");
    clock.advance(Duration::from_secs(59)).await;
    assert_eq!(waiting(&clock, &running).await.len(), 1, "alive");
    clock.advance(Duration::from_secs(1)).await;
    let done = running.wait().await.expect("ends");
    assert_eq!(done.status, ExecutionStatus::Failed);
    // An expired heartbeat fails the task with `States.Timeout`, as AWS reports it (see
    // `callbacks`).
    assert_eq!(
        done.error.as_ref().map(|e| e.as_str()),
        Some("States.Timeout")
    );
    let times = offsets(&done.history);
    let at = |kind: &str, nth: usize| {
        times
            .iter()
            .filter(|(k, _)| k == kind)
            .nth(nth)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("no {kind} #{nth} in {times:?}"))
    };
    let thirty = 30 * DAY;
    assert_eq!(at("WaitStateExited", 0), thirty);
    for (attempt, after) in [0, 1_000, 3_000, 7_000, 15_000, 31_000].iter().enumerate() {
        assert_eq!(
            at("TaskScheduled", attempt),
            thirty + after,
            "attempt {attempt}"
        );
    }
    assert_eq!(at("TaskSucceeded", 0), thirty + 31_000);
    assert_eq!(at("TaskTimedOut", 0), entered - START + 119_000);
    assert_eq!(at("ExecutionFailed", 0), entered - START + 119_000);
    assert!(
        done.history
            .iter()
            .all(|e| !matches!(e.kind, EventKind::ExecutionTimedOut { .. }))
    );
}

/// A callback with `TimeoutSeconds` of an hour on each of two clocks: advancing one times its
/// task out at the hour, and leaves the other clock and its execution where they were.
#[tokio::test(flavor = "current_thread")]
async fn a_timeout_fires_when_its_clock_is_advanced_and_two_clocks_keep_their_own_time() {
    let machine = StateMachine::from_json(
        r#"{"StartAt": "Pay", "States": {"Pay": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}},
        "TimeoutSeconds": 3600, "End": true}}}"#,
    )
    .expect("a definition");
    let (first, second) = (clock(), clock());
    let start = |clock: &VirtualClock| {
        Engine::new()
            .clock(clock)
            .machine(&machine)
            .input(json!({}))
            .start()
            .expect("starts")
    };
    let (timed, kept) = (start(&first), start(&second));
    first.advance(Duration::from_secs(3599)).await;
    assert_eq!(waiting(&first, &timed).await.len(), 1, "a second is left");
    first.advance(Duration::from_secs(1)).await;
    let done = timed.wait().await.expect("ends");
    assert_eq!(done.status, ExecutionStatus::Failed);
    assert_eq!(
        done.error.as_ref().map(|e| e.as_str()),
        Some("States.Timeout")
    );
    let end = done.history.last().map(|e| e.timestamp_millis);
    assert_eq!(end, Some(START + 3_600_000));
    assert_eq!(second.now_millis(), START);
    assert_eq!(waiting(&second, &kept).await.len(), 1);
    let token = kept.waiting_tasks().await.remove(0).task_token;
    second.advance(Duration::from_secs(10)).await;
    kept.send_task_success(&token, "{}").expect("answered");
    let done = kept.wait().await.expect("ends");
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(
        done.history.last().map(|e| e.timestamp_millis),
        Some(START + 10_000),
        "answered 10 s in, on its own clock"
    );
}

/// What an execution reads of the time is its clock's: a Wait's `Timestamp`, `SecondsPath` and
/// `TimestampPath` end at the clock's times, and `$now()`, `$$.Execution.StartTime` and
/// `$$.State.EnteredTime` (JSONata's `$states.context`) read it.
#[tokio::test(flavor = "current_thread")]
async fn waits_by_timestamp_and_path_and_now_read_the_clock() {
    let machine = StateMachine::from_json(
        r#"{"StartAt": "Until", "States": {
      "Until": {"Type": "Wait", "Timestamp": "2026-11-22T00:00:00Z", "Next": "For"},
      "For": {"Type": "Wait", "SecondsPath": "$.pause", "Next": "Then"},
      "Then": {"Type": "Wait", "TimestampPath": "$.until", "Next": "Read"},
      "Read": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {
        "now": "{% $now() %}",
        "started": "{% $states.context.Execution.StartTime %}",
        "entered": "{% $states.context.State.EnteredTime %}"}, "End": true}}}"#,
    )
    .expect("a definition");
    let clock = clock();
    let running = Engine::new()
        .clock(&clock)
        .machine(&machine)
        .input(json!({"pause": 90, "until": "2026-11-23T00:00:00Z"}))
        .start()
        .expect("starts");
    clock.settled().await;
    assert_eq!(
        clock.next_timer_millis(),
        Some(START + DAY),
        "the Timestamp"
    );
    clock.advance_to_next_timer().await;
    assert_eq!(
        clock.next_timer_millis(),
        Some(START + DAY + 90_000),
        "the SecondsPath"
    );
    clock.advance_to_next_timer().await;
    assert_eq!(
        clock.next_timer_millis(),
        Some(START + 2 * DAY),
        "the TimestampPath"
    );
    clock.run_until_idle().await;
    let done = running.wait().await.expect("ends");
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(
        done.output,
        Some(json!({
            "now": "2026-11-23T00:00:00.000Z",
            "started": "2026-11-21T00:00:00.000Z",
            "entered": "2026-11-23T00:00:00.000Z"
        }))
    );
    assert_eq!(
        done.history.last().map(|e| e.timestamp_millis),
        Some(START + 2 * DAY)
    );
}
