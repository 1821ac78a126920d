//! The engine's services that the recorded AWS executions cannot show, to AWS's documented
//! behaviour: task timeouts and heartbeats on the virtual clock, `.waitForTaskToken`
//! callbacks answered by the test, activities, EXPRESS executions and redrives.

use serde_json::{Value, json};
use std::time::Duration;
use workflow_runtime::asl::ErrorName;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::aws_models::{StatesArn, TaskToken};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{
    CallbackError, Engine, EngineError, Execution, HandlerKey, ObjectStore, TaskCall, TaskFailure,
    TaskOutput,
};
use workflow_runtime::execution::{BillingDetails, ExecutionStatus, HistoryEvent};

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The types of the history's events, in order.
fn event_types(run: &Execution) -> Vec<String> {
    run.history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect()
}

/// The first event of type `kind`.
fn event<'r>(run: &'r Execution, kind: &str) -> &'r HistoryEvent {
    run.history
        .iter()
        .find(|e| e.kind.event_type().as_str() == kind)
        .unwrap_or_else(|| panic!("no {kind} event in {:?}", event_types(run)))
}

/// The history event `kind` as `GetExecutionHistory` returns it.
fn event_json(run: &Execution, kind: &str) -> Value {
    event(run, kind).to_json()
}

/// Milliseconds from the first `from` event to the first `to` event.
fn millis_between(run: &Execution, from: &str, to: &str) -> i64 {
    event(run, to).timestamp_millis - event(run, from).timestamp_millis
}

const SLOW: &str = "arn:aws:states:::glue:startJobRun.sync";

/// An engine whose Glue job takes `seconds` of virtual time.
fn slow_engine(seconds: u64) -> Engine {
    Engine::new().handler(SLOW, move |_call: TaskCall| async move {
        Ok::<_, TaskFailure>(TaskOutput::after(
            Duration::from_secs(seconds),
            json!({"JobRunState": "SUCCEEDED"}),
        ))
    })
}

// ---- 1. TimeoutSeconds and HeartbeatSeconds on the virtual clock ----

#[test]
fn a_task_past_its_timeout_seconds_times_out_at_the_deadline_with_an_empty_cause() {
    let m = machine(&format!(
        r#"{{"StartAt": "Job", "States": {{
            "Job": {{"Type": "Task", "Resource": "{SLOW}", "TimeoutSeconds": 60,
                     "Catch": [{{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}}], "End": true}},
            "Done": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let run = blocking::run(slow_engine(3600).machine(&m).input(json!({"job": 1}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"job": 1, "error": {"Error": "States.Timeout", "Cause": ""}}))
    );
    let timed_out = event_json(&run, "TaskTimedOut");
    assert_eq!(
        timed_out["taskTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
    assert_eq!(
        timed_out["taskTimedOutEventDetails"]["resourceType"],
        "glue"
    );
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 60_000);
    assert!(!event_types(&run).contains(&"TaskSucceeded".to_owned()));
}

#[test]
fn a_task_without_heartbeats_times_out_at_heartbeat_seconds() {
    let m = machine(&format!(
        r#"{{"StartAt": "Job", "States": {{
            "Job": {{"Type": "Task", "Resource": "{SLOW}", "TimeoutSeconds": 600, "HeartbeatSeconds": 30, "End": true}}}}}}"#
    ));
    let run = blocking::run(slow_engine(120).machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    // AWS reports an expired heartbeat as `States.Timeout` (see `engine_pipeline`).
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(run.cause.as_deref(), None);
    assert_eq!(
        event_json(&run, "TaskTimedOut")["taskTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 30_000);
}

#[test]
fn a_task_within_its_limits_succeeds_and_takes_its_time() {
    let m = machine(&format!(
        r#"{{"StartAt": "Job", "States": {{
            "Job": {{"Type": "Task", "Resource": "{SLOW}", "TimeoutSeconds": 60, "HeartbeatSeconds": 50, "End": true}}}}}}"#
    ));
    let run = blocking::run(slow_engine(45).machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(run.output, Some(json!({"JobRunState": "SUCCEEDED"})));
    assert_eq!(millis_between(&run, "TaskStarted", "TaskSucceeded"), 45_000);
    let scheduled = event_json(&run, "TaskScheduled");
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["timeoutInSeconds"],
        60
    );
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["heartbeatInSeconds"],
        50
    );
}

#[test]
fn timeout_seconds_path_and_heartbeat_seconds_path_read_the_limits_from_the_input() {
    let m = machine(&format!(
        r#"{{"StartAt": "Job", "States": {{
            "Job": {{"Type": "Task", "Resource": "{SLOW}", "TimeoutSecondsPath": "$.limits.total",
                     "HeartbeatSecondsPath": "$.limits.beat", "End": true}}}}}}"#
    ));
    let engine = slow_engine(20);
    let timed_out = blocking::run(
        engine
            .machine(&m)
            .input(json!({"limits": {"total": 15, "beat": 10}})),
    )
    .unwrap();
    assert_eq!(timed_out.error, Some(ErrorName::Timeout));
    assert_eq!(
        millis_between(&timed_out, "TaskStarted", "TaskTimedOut"),
        10_000
    );
    let scheduled = event_json(&timed_out, "TaskScheduled");
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["timeoutInSeconds"],
        15
    );
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["heartbeatInSeconds"],
        10
    );

    let total = blocking::run(
        engine
            .machine(&m)
            .input(json!({"limits": {"total": 15, "beat": 18}})),
    )
    .unwrap();
    assert_eq!(total.error, Some(ErrorName::Timeout));
    assert_eq!(
        millis_between(&total, "TaskStarted", "TaskTimedOut"),
        15_000
    );

    let enough = blocking::run(
        engine
            .machine(&m)
            .input(json!({"limits": {"total": 25, "beat": 21}})),
    )
    .unwrap();
    assert_eq!(enough.status, ExecutionStatus::Succeeded);
}

#[test]
fn a_jsonata_task_reads_its_timeout_from_an_expression() {
    let m = machine(&format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "Job", "States": {{
            "Job": {{"Type": "Task", "Resource": "{SLOW}", "TimeoutSeconds": "{{% $states.input.minutes * 60 %}}", "End": true}}}}}}"#
    ));
    let run = blocking::run(slow_engine(200).machine(&m).input(json!({"minutes": 3}))).unwrap();
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 180_000);
}

#[test]
fn states_task_failed_does_not_catch_a_timeout_but_a_retrier_naming_it_retries() {
    let m = machine(&format!(
        r#"{{"StartAt": "Job", "States": {{
            "Job": {{"Type": "Task", "Resource": "{SLOW}", "TimeoutSeconds": 5,
                     "Retry": [{{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 1}}],
                     "Catch": [{{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}}], "End": true}},
            "Caught": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let run = blocking::run(slow_engine(10).machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(
        event_types(&run)
            .iter()
            .filter(|t| *t == "TaskTimedOut")
            .count(),
        3
    );
    // Three attempts of 5 s and two intervals of 2 s.
    assert_eq!(
        millis_between(&run, "ExecutionStarted", "ExecutionFailed"),
        19_000
    );
}

#[test]
fn the_execution_times_out_at_its_timeout_seconds_and_runs_no_further_state() {
    let m = machine(
        r#"{"StartAt": "W", "TimeoutSeconds": 3, "States": {
            "W": {"Type": "Wait", "Seconds": 25, "Next": "After"},
            "After": {"Type": "Pass", "End": true}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::TimedOut);
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(run.cause, None);
    assert_eq!(
        event_types(&run),
        ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"]
    );
    assert_eq!(
        millis_between(&run, "ExecutionStarted", "ExecutionTimedOut"),
        3_000
    );
    assert_eq!(
        event_json(&run, "ExecutionTimedOut")["executionTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
}

#[test]
fn no_catcher_catches_the_execution_timeout() {
    let m = machine(&format!(
        r#"{{"StartAt": "P", "TimeoutSeconds": 30, "States": {{
            "P": {{"Type": "Parallel", "Branches": [{{"StartAt": "Job", "States": {{
                "Job": {{"Type": "Task", "Resource": "{SLOW}", "End": true}}}}}}],
                "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Caught"}}], "End": true}},
            "Caught": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let run = blocking::run(slow_engine(100).machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::TimedOut);
    assert!(
        !run.states.contains(&"Caught".to_owned()),
        "{:?}",
        run.states
    );
    assert_eq!(
        millis_between(&run, "ExecutionStarted", "ExecutionTimedOut"),
        30_000
    );
}

// ---- 2. `.waitForTaskToken` callbacks answered by the test ----

const SQS_CALLBACK: &str = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";

/// One callback Task `Approve` with `limits` (e.g. `"TimeoutSeconds": 600,`), its result
/// under `$.approval`, a Catcher for `Rejected` to `Rejected`.
fn approval_machine(limits: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "Approve", "States": {{
            "Approve": {{"Type": "Task", "Resource": "{SQS_CALLBACK}", {limits}
                "Parameters": {{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                               "MessageBody": {{"order.$": "$.order", "token.$": "$$.Task.Token"}}}},
                "ResultPath": "$.approval",
                "Catch": [{{"ErrorEquals": ["Rejected"], "ResultPath": "$.rejection", "Next": "Rejected"}}],
                "End": true}},
            "Rejected": {{"Type": "Pass", "End": true}}}}}}"#
    ))
}

/// `approval_machine(extra)` started on input `{"order": order}`, on a runtime of its own.
fn started_approval(extra: &str, order: i64) -> blocking::RunningExecution {
    blocking::start(
        Engine::new()
            .machine(&approval_machine(extra))
            .input(json!({ "order": order })),
    )
    .expect("starts")
}

#[test]
fn a_callback_task_waits_until_the_test_sends_task_success() {
    let execution = started_approval("", 17);
    let task = execution
        .next_task()
        .expect("the task waits for its callback");
    assert_eq!(task.state, "Approve");
    assert_eq!(task.resource, SQS_CALLBACK);
    assert_eq!(task.input["MessageBody"]["order"], 17);
    assert_eq!(task.input["MessageBody"]["token"], task.task_token.as_str());
    assert_eq!(execution.task_tokens(), [task.task_token.as_str()]);
    execution
        .send_task_success(&task.task_token, r#"{"approved": true}"#)
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"order": 17, "approval": {"approved": true}}))
    );
    assert_eq!(
        event_json(&run, "TaskSucceeded")["taskSucceededEventDetails"]["output"],
        r#"{"approved":true}"#
    );
}

#[test]
fn an_execution_asked_to_fail_at_its_next_transition_finishes_its_task_first() {
    // DeleteStateMachine's rule (the API reference: "On the next state transition, the state
    // machine's executions are terminated"; AWS's knowledge center on machines stuck in
    // DELETING: a task waiting for its answer keeps the execution running, which then fails
    // with `States.Runtime`): the waiting Task goes on, the next state is never entered, and
    // the Catcher of `Approve` does not catch the failure.
    let execution = started_approval("", 5);
    let token = execution.next_task().unwrap().task_token;
    execution.fail_at_next_transition("State machine approvals has been deleted.");
    assert_eq!(
        execution.task_tokens(),
        [token.as_str()],
        "the task still waits"
    );
    execution
        .send_task_failure(&token, ErrorName::from("Rejected"), "over budget")
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.states, ["Approve"], "`Rejected` is never entered");
    assert_eq!(run.error, Some(ErrorName::Runtime));
    assert_eq!(
        run.cause.as_deref(),
        Some("State machine approvals has been deleted.")
    );
    let types = event_types(&run);
    // The caught Task exits as it would; the execution fails before entering `Rejected`.
    assert_eq!(
        types[types.len() - 3..],
        ["TaskFailed", "TaskStateExited", "ExecutionFailed"],
        "{types:?}"
    );
}

#[test]
fn send_task_failure_fails_the_task_with_the_error_and_cause_sent() {
    let execution = started_approval("", 3);
    let token = execution.next_task().unwrap().task_token;
    execution
        .send_task_failure(&token, ErrorName::from("Rejected"), "over budget")
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(run.states, ["Approve", "Rejected"]);
    assert_eq!(
        run.output,
        Some(json!({"order": 3, "rejection": {"Error": "Rejected", "Cause": "over budget"}}))
    );
    let failed = event_json(&run, "TaskFailed");
    assert_eq!(failed["taskFailedEventDetails"]["error"], "Rejected");
    assert_eq!(failed["taskFailedEventDetails"]["cause"], "over budget");
}

#[test]
fn heartbeats_keep_a_callback_task_alive_and_its_wait_takes_virtual_time() {
    let execution = started_approval(r#""TimeoutSeconds": 600, "HeartbeatSeconds": 60,"#, 1);
    let token = execution.next_task().unwrap().task_token;
    for _ in 0..3 {
        execution.advance(Duration::from_secs(50));
        execution.send_task_heartbeat(&token).unwrap();
    }
    execution.advance(Duration::from_secs(50));
    assert_eq!(execution.task_tokens(), [token.as_str()]);
    execution.send_task_success(&token, "\"yes\"").unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(run.output, Some(json!({"order": 1, "approval": "yes"})));
    assert_eq!(
        millis_between(&run, "TaskStarted", "TaskSucceeded"),
        200_000
    );
}

#[test]
fn a_callback_task_without_heartbeat_times_out_and_its_token_is_closed() {
    let execution = started_approval(r#""HeartbeatSeconds": 60,"#, 1);
    let token = execution.next_task().unwrap().task_token;
    execution.advance(Duration::from_secs(59));
    assert_eq!(execution.task_tokens(), [token.as_str()]);
    execution.advance(Duration::from_secs(2));
    assert!(execution.task_tokens().is_empty());
    assert_eq!(
        execution.send_task_success(&token, "{}"),
        Err(CallbackError::TaskTimedOut)
    );
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 60_000);
}

#[test]
fn timeout_seconds_bounds_a_callback_task_whatever_its_heartbeats() {
    let execution = started_approval(r#""TimeoutSeconds": 100, "HeartbeatSeconds": 30,"#, 1);
    let token = execution.next_task().unwrap().task_token;
    for _ in 0..5 {
        execution.advance(Duration::from_secs(25));
        let _ = execution.send_task_heartbeat(&token);
    }
    let run = execution.wait().unwrap();
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(
        event_json(&run, "TaskTimedOut")["taskTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 100_000);
}

#[test]
fn wrong_tokens_and_outputs_are_refused_as_the_service_refuses_them() {
    let execution = started_approval("", 1);
    let token = execution.next_task().unwrap().task_token;
    assert_eq!(
        execution.send_task_success(&TaskToken::parse("not-a-token").unwrap(), "{}"),
        Err(CallbackError::InvalidToken)
    );
    let unknown = TaskToken::parse("00000000-0000-4000-8000-000000000000").unwrap();
    assert_eq!(
        execution.send_task_heartbeat(&unknown),
        Err(CallbackError::TaskDoesNotExist(unknown.clone()))
    );
    assert_eq!(
        execution.send_task_success(&token, "{not json"),
        Err(CallbackError::InvalidOutput)
    );
    execution.send_task_success(&token, "1").unwrap();
    assert_eq!(
        execution.send_task_failure(&token, ErrorName::from("E"), "again"),
        Err(CallbackError::TaskTimedOut)
    );
    assert_eq!(
        execution.wait().unwrap().output,
        Some(json!({"order": 1, "approval": 1}))
    );
}

#[test]
fn a_callback_nobody_answers_without_a_deadline_is_an_error_not_a_hang() {
    let execution = started_approval("", 1);
    let task = execution.next_task().unwrap();
    // Nothing else can happen until the test answers: no second task, no blocking.
    assert_eq!(execution.next_task(), None);
    match execution.wait() {
        Err(EngineError::Stalled { waiting, execution }) => {
            assert_eq!(waiting, [task]);
            // The execution as far as it got, to inspect: the task started and waited, and
            // the engine ended it when the test gave the task up.
            let execution = execution.expect("the partial execution");
            let types: Vec<String> = event_types(&execution);
            assert!(types.iter().any(|t| t == "TaskSubmitted"), "{types:?}");
            assert_eq!(execution.status, ExecutionStatus::Failed);
            assert_eq!(execution.error, Some(ErrorName::Runtime));
        }
        other => panic!("expected Stalled, got {other:?}"),
    }
}

#[test]
fn on_wait_a_callback_with_a_timeout_times_out_at_its_deadline() {
    let execution = started_approval(r#""TimeoutSeconds": 300,"#, 1);
    assert!(execution.next_task().is_some());
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 300_000);
}

#[test]
fn parallel_callbacks_are_answered_in_any_order() {
    let m = machine(&format!(
        r#"{{"StartAt": "Both", "States": {{"Both": {{"Type": "Parallel", "End": true, "Branches": [
            {{"StartAt": "A", "States": {{"A": {{"Type": "Task", "Resource": "{SQS_CALLBACK}",
                "Parameters": {{"QueueUrl": "a", "MessageBody.$": "$$.Task.Token"}}, "End": true}}}}}},
            {{"StartAt": "B", "States": {{"B": {{"Type": "Task", "Resource": "{SQS_CALLBACK}",
                "Parameters": {{"QueueUrl": "b", "MessageBody.$": "$$.Task.Token"}}, "End": true}}}}}}]}}}}}}"#
    ));
    let execution = blocking::start(Engine::new().machine(&m).input(json!({}))).unwrap();
    let waiting = execution.waiting_tasks();
    let states: Vec<&str> = waiting.iter().map(|t| t.state.as_str()).collect();
    assert_eq!(states, ["A", "B"]);
    assert_ne!(waiting[0].task_token, waiting[1].task_token);
    execution
        .send_task_success(&waiting[1].task_token, r#""from B""#)
        .unwrap();
    execution
        .send_task_success(&waiting[0].task_token, r#""from A""#)
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.output, Some(json!(["from A", "from B"])));
}

#[test]
fn the_service_call_of_a_callback_task_is_made_and_its_response_dropped() {
    let m = machine(
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "notify", "Payload": {"token.$": "$$.Task.Token", "who.$": "$.who"}},
            "End": true}}}"#,
    );
    let (sent, received) = std::sync::mpsc::channel::<Value>();
    let sent = std::sync::Mutex::new(sent);
    let engine = Engine::new().lambda("notify", move |payload: Value| {
        let _ = sent.lock().unwrap().send(payload);
        async { Ok::<_, TaskFailure>(json!({"ignored": true})) }
    });
    let execution = blocking::start(engine.machine(&m).input(json!({"who": "ada"}))).unwrap();
    let task = execution.next_task().unwrap();
    let payload = received.recv().unwrap();
    assert_eq!(payload, json!({"token": task.task_token, "who": "ada"}));
    execution
        .send_task_success(&task.task_token, r#"{"answer": 42}"#)
        .unwrap();
    assert_eq!(
        execution.wait().unwrap().output,
        Some(json!({"answer": 42}))
    );
}

#[test]
fn a_token_answered_while_its_task_still_makes_its_call_is_taken_once_the_task_waits() {
    // AWS takes a token once it is issued: the caller reads it from the history
    // (`TaskScheduled`'s parameters) and answers while the task's call is still in flight,
    // before the task waits for it.
    let m = machine(
        r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "notify", "Payload": {"token.$": "$$.Task.Token"}},
            "End": true}}}"#,
    );
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let released = std::sync::Mutex::new(Some(released));
    let engine = Engine::new().lambda("notify", move |_payload: Value| {
        let released = released.lock().unwrap().take();
        async move {
            if let Some(released) = released {
                let _ = released.await;
            }
            Ok::<_, TaskFailure>(json!({"ignored": true}))
        }
    });
    let execution = blocking::start(engine.machine(&m).input(json!({}))).expect("starts");
    let token = (0..3000)
        .find_map(|_| {
            let scheduled = execution
                .history_so_far()
                .into_iter()
                .find_map(|e| match e.kind {
                    workflow_runtime::execution::EventKind::TaskScheduled {
                        parameters, ..
                    } => parameters.to_value()["Payload"]["token"]
                        .as_str()
                        .map(str::to_owned),
                    _ => None,
                });
            if scheduled.is_none() {
                std::thread::sleep(Duration::from_millis(10));
            }
            scheduled
        })
        .expect("the task is scheduled");
    let token: TaskToken = token.parse().unwrap();
    let answered = execution.send_task_success(&token, r#"{"early": true}"#);
    let again = execution.send_task_success(&token, "{}");
    release.send(()).unwrap();
    answered.expect("a token issued is answered before its task waits");
    // A second answer finds the task closed, as once the first was taken.
    assert_eq!(again, Err(CallbackError::TaskTimedOut));
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!({"early": true})));
    assert_eq!(
        event_types(&run),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

// ---- 3. Activities served by an in-process worker ----

const ACTIVITY: &str = "arn:aws:states:us-east-1:123456789012:activity:Review";

/// [`ACTIVITY`], typed.
fn activity_arn() -> StatesArn {
    ACTIVITY.parse().expect("an activity ARN")
}

fn activity_machine(limits: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "Review", "States": {{
            "Review": {{"Type": "Task", "Resource": "{ACTIVITY}", {limits}
                "Parameters": {{"document.$": "$.doc"}},
                "Catch": [{{"ErrorEquals": ["Refused"], "Next": "Refused"}}], "End": true}},
            "Refused": {{"Type": "Pass", "End": true}}}}}}"#
    ))
}

/// `activity_machine(extra)` started on input `{"doc": doc}` by an engine that knows the
/// activity, on a runtime of its own.
fn started_activity(extra: &str, doc: &str) -> blocking::RunningExecution {
    blocking::start(
        Engine::new()
            .activity(ACTIVITY.parse().expect("an activity ARN"))
            .machine(&activity_machine(extra))
            .input(json!({ "doc": doc })),
    )
    .expect("starts")
}

#[test]
fn a_worker_gets_the_activity_task_and_answers_it() {
    let execution = started_activity("", "d-1");
    let other: StatesArn = "arn:aws:states:us-east-1:123456789012:activity:Other"
        .parse()
        .unwrap();
    assert_eq!(execution.get_activity_task(&other, "w"), None);
    let task = execution
        .get_activity_task(&activity_arn(), "worker-1")
        .expect("an activity task is scheduled");
    assert_eq!(task.input, json!({"document": "d-1"}));
    assert_eq!(
        execution.get_activity_task(&activity_arn(), "worker-2"),
        None
    );
    execution
        .send_task_success(&task.task_token, r#"{"ok": true}"#)
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.output, Some(json!({"ok": true})));
    assert_eq!(
        event_types(&run),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "ActivityScheduled",
            "ActivityStarted",
            "ActivitySucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let scheduled = event_json(&run, "ActivityScheduled");
    assert_eq!(
        scheduled["activityScheduledEventDetails"]["resource"],
        ACTIVITY
    );
    assert_eq!(
        scheduled["activityScheduledEventDetails"]["input"],
        r#"{"document":"d-1"}"#
    );
    assert_eq!(
        event_json(&run, "ActivityStarted")["activityStartedEventDetails"]["workerName"],
        "worker-1"
    );
}

#[test]
fn a_worker_failure_fails_the_activity_with_its_error() {
    let execution = started_activity("", "d-2");
    let task = execution.get_activity_task(&activity_arn(), "w").unwrap();
    execution
        .send_task_failure(&task.task_token, ErrorName::from("Refused"), "illegible")
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.states, ["Review", "Refused"]);
    assert_eq!(
        run.output,
        Some(json!({"Error": "Refused", "Cause": "illegible"}))
    );
    assert_eq!(
        event_json(&run, "ActivityFailed")["activityFailedEventDetails"]["cause"],
        "illegible"
    );
}

#[test]
fn an_activity_no_worker_takes_times_out_after_timeout_seconds() {
    let execution = blocking::start(
        Engine::new()
            .activity(ACTIVITY.parse().expect("an activity ARN"))
            .machine(&activity_machine(
                r#""TimeoutSeconds": 30, "HeartbeatSeconds": 10,"#,
            ))
            .input(json!({"doc": "d"})),
    )
    .unwrap();
    // The heartbeat counts only once a worker took the task.
    execution.advance(Duration::from_secs(29));
    execution.advance(Duration::from_secs(1));
    assert_eq!(execution.get_activity_task(&activity_arn(), "late"), None);
    let run = execution.wait().unwrap();
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(
        event_json(&run, "ActivityTimedOut")["activityTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
    assert_eq!(
        millis_between(&run, "ActivityScheduled", "ActivityTimedOut"),
        30_000
    );
}

#[test]
fn a_started_activity_without_heartbeats_times_out_after_heartbeat_seconds() {
    let execution = started_activity(r#""HeartbeatSeconds": 10,"#, "d");
    execution.advance(Duration::from_secs(100));
    let task = execution.get_activity_task(&activity_arn(), "w").unwrap();
    execution.advance(Duration::from_secs(8));
    execution.send_task_heartbeat(&task.task_token).unwrap();
    execution.advance(Duration::from_secs(11));
    assert_eq!(
        execution.send_task_success(&task.task_token, "{}"),
        Err(CallbackError::TaskTimedOut)
    );
    let run = execution.wait().unwrap();
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(
        millis_between(&run, "ActivityScheduled", "ActivityTimedOut"),
        118_000
    );
}

// ---- 4. EXPRESS executions: what StartSyncExecution returns ----

#[test]
fn start_sync_execution_returns_the_output_and_the_billed_duration() {
    let m = machine(&format!(
        r#"{{"StartAt": "W", "States": {{
            "W": {{"Type": "Wait", "Seconds": 2, "Next": "Job"}},
            "Job": {{"Type": "Task", "Resource": "{FIRST}", "End": true}}}}}}"#
    ));
    let engine = Engine::new().handler(FIRST, |_call: TaskCall| async {
        Ok::<_, TaskFailure>(TaskOutput::after(
            Duration::from_millis(1_234),
            json!({"rows": 3}),
        ))
    });
    let run = blocking::run(engine.machine(&m).input(json!({"day": 1})).sync_express()).unwrap();
    let sync = &run.response;
    assert_eq!(sync.status, ExecutionStatus::Succeeded);
    assert_eq!(sync.output.as_deref(), Some(r#"{"rows":3}"#));
    assert_eq!(sync.input.as_deref(), Some(r#"{"day":1}"#));
    assert_eq!((&sync.error, &sync.cause), (&None, &None));
    assert_eq!(sync.stop_date_millis - sync.start_date_millis, 3_234);
    assert_eq!(
        sync.billing_details,
        Some(BillingDetails {
            billed_memory_used_in_mb: 64,
            billed_duration_in_milliseconds: 3_300
        })
    );
    assert!(
        sync.execution_arn
            .to_string()
            .starts_with("arn:aws:states:us-east-1:123456789012:express:LocalStateMachine:"),
        "{}",
        sync.execution_arn
    );
    let response = sync.to_json();
    assert_eq!(response["status"], "SUCCEEDED");
    assert_eq!(response["output"], r#"{"rows":3}"#);
    assert_eq!(
        response["billingDetails"],
        json!({"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 3300})
    );
    assert!(response.get("error").is_none());
}

#[test]
fn a_failed_express_execution_returns_its_error_and_cause_and_no_output() {
    let m = machine(
        r#"{"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Invalid", "Cause": "missing field"}}}"#,
    );
    let sync = blocking::run(Engine::new().machine(&m).input(json!({})).sync_express())
        .unwrap()
        .response;
    assert_eq!(sync.status, ExecutionStatus::Failed);
    assert_eq!(sync.error, Some(ErrorName::from("Invalid")));
    assert_eq!(sync.cause.as_deref(), Some("missing field"));
    assert_eq!(sync.output, None);
    assert_eq!(
        sync.billing_details
            .map(|b| b.billed_duration_in_milliseconds),
        Some(100)
    );
    let response = sync.to_json();
    assert_eq!(response["status"], "FAILED");
    assert_eq!(response["error"], "Invalid");
    assert!(response.get("output").is_none());
}

#[test]
fn an_express_execution_times_out_after_five_minutes() {
    let m = machine(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 400, "Next": "Never"},
            "Never": {"Type": "Pass", "End": true}}}"#,
    );
    let run = blocking::run(
        Engine::new()
            .history(false)
            .machine(&m)
            .input(json!({}))
            .sync_express(),
    )
    .unwrap();
    let sync = &run.response;
    assert_eq!(sync.status, ExecutionStatus::TimedOut);
    assert_eq!(sync.stop_date_millis - sync.start_date_millis, 300_000);
    assert_eq!(
        sync.billing_details
            .map(|b| b.billed_duration_in_milliseconds),
        Some(300_000)
    );
    assert!(!run.execution.states.contains(&"Never".to_owned()));
}

#[test]
fn an_express_machine_refuses_callback_sync_and_activity_tasks() {
    for (resource, wording) in [
        (SQS_CALLBACK, "'.waitForTaskToken'"),
        (SLOW, "'.sync'"),
        (ACTIVITY, "Activity"),
    ] {
        let m = machine(&format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "End": true}}}}}}"#
        ));
        match blocking::run(Engine::new().machine(&m).input(json!({})).sync_express()) {
            Err(EngineError::InvalidDefinition(diagnostics)) => {
                let text = diagnostics[0].to_string();
                assert!(
                    text.contains("Express state machine does not support")
                        && text.contains(wording),
                    "{text}"
                );
            }
            other => panic!("expected the definition refused, got {other:?}"),
        }
    }
}

// ---- 6. Redrive: a failed execution runs again from where it failed ----

/// A handler for `resource` that counts its calls and fails the first `failures` of them.
fn counting(
    engine: Engine,
    resource: &'static str,
    failures: u32,
) -> (Engine, std::sync::Arc<std::sync::Mutex<Vec<Value>>>) {
    let calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&calls);
    let engine = engine.handler(resource, move |call: TaskCall| {
        let mut calls = seen.lock().unwrap();
        calls.push(call.input.clone());
        let n = calls.len() as u32;
        async move {
            if n <= failures {
                Err(TaskFailure::new("Flaky", format!("call {n} failed")))
            } else {
                Ok(json!({"call": n}))
            }
        }
    });
    (engine, calls)
}

const FIRST: &str = "arn:aws:lambda:us-east-1:123456789012:function:read";
const SECOND: &str = "arn:aws:lambda:us-east-1:123456789012:function:write";

#[test]
fn a_redrive_reruns_the_failed_state_and_keeps_what_succeeded_before() {
    let m = machine(&format!(
        r#"{{"StartAt": "Read", "States": {{
            "Read": {{"Type": "Task", "Resource": "{FIRST}", "Parameters": {{"k.$": "$.k"}},
                      "Assign": {{"read.$": "$.call"}}, "ResultPath": "$.read", "Next": "Write"}},
            "Write": {{"Type": "Task", "Resource": "{SECOND}",
                       "Parameters": {{"read.$": "$read", "redrives.$": "$$.Execution.RedriveCount"}},
                       "ResultPath": "$.write", "Next": "Done"}},
            "Done": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let (engine, reads) = counting(Engine::new(), FIRST, 0);
    let (engine, writes) = counting(engine, SECOND, 1);
    let failed = blocking::run(engine.machine(&m).input(json!({"k": 7}))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert_eq!(failed.error, Some(ErrorName::from("Flaky")));

    let run = blocking::run(engine.machine(&m).redrive(&failed)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    // `Read` is not called again: its recorded result (and the variable it assigned) stand.
    assert_eq!(reads.lock().unwrap().len(), 1);
    assert_eq!(
        *writes.lock().unwrap(),
        [
            json!({"read": 1, "redrives": 0}),
            json!({"read": 1, "redrives": 1})
        ]
    );
    assert_eq!(
        run.output,
        Some(json!({"k": 7, "read": {"call": 1}, "write": {"call": 2}}))
    );
    assert_eq!(run.states, ["Write", "Done"]);
    // The failed attempt's history, then ExecutionRedriven, then the re-run states only.
    let types = event_types(&run);
    let redriven = types.iter().position(|t| t == "ExecutionRedriven").unwrap();
    assert_eq!(types[..redriven], event_types(&failed)[..]);
    assert_eq!(
        types[redriven..],
        [
            "ExecutionRedriven",
            "TaskStateEntered",
            // A Lambda function called by its ARN writes the `LambdaFunction…` events.
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        event_json(&run, "ExecutionRedriven")["executionRedrivenEventDetails"]["redriveCount"],
        1
    );
    assert_eq!(
        run.history[redriven + 1].previous_event_id,
        run.history[redriven].id
    );
}

#[test]
fn a_redrive_of_a_parallel_reruns_only_the_failed_branch() {
    let m = machine(&format!(
        r#"{{"StartAt": "Both", "States": {{"Both": {{"Type": "Parallel", "End": true, "Branches": [
            {{"StartAt": "X", "States": {{"X": {{"Type": "Task", "Resource": "{FIRST}", "End": true}}}}}},
            {{"StartAt": "Y", "States": {{"Y": {{"Type": "Task", "Resource": "{SECOND}", "End": true}}}}}}]}}}}}}"#
    ));
    let (engine, xs) = counting(Engine::new(), FIRST, 0);
    let (engine, ys) = counting(engine, SECOND, 1);
    let failed = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    let run = blocking::run(engine.machine(&m).redrive(&failed)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!((xs.lock().unwrap().len(), ys.lock().unwrap().len()), (1, 2));
    assert_eq!(run.output, Some(json!([{"call": 1}, {"call": 2}])));
}

#[test]
fn a_second_redrive_counts_two_and_a_succeeded_execution_is_not_redrivable() {
    let m = machine(&format!(
        r#"{{"StartAt": "W", "States": {{"W": {{"Type": "Task", "Resource": "{SECOND}",
            "Parameters": {{"n.$": "$$.Execution.RedriveCount"}}, "End": true}}}}}}"#
    ));
    let (engine, calls) = counting(Engine::new(), SECOND, 2);
    let first = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    let second = blocking::run(engine.machine(&m).redrive(&first)).unwrap();
    assert_eq!(second.status, ExecutionStatus::Failed);
    let third = blocking::run(engine.machine(&m).redrive(&second)).unwrap();
    assert_eq!(third.status, ExecutionStatus::Succeeded);
    assert_eq!(
        *calls.lock().unwrap(),
        [json!({"n": 0}), json!({"n": 1}), json!({"n": 2})]
    );
    match blocking::run(engine.machine(&m).redrive(&third)) {
        Err(EngineError::NotRedrivable(message)) => assert!(message.contains("SUCCEEDED")),
        other => panic!("expected NotRedrivable, got {other:?}"),
    }
}

// ---- 5. Distributed Map over a local object store ----

/// A Distributed Map `M` with `reader` (an `ItemReader`), `extra` fields, whose processor is
/// a Pass state `P` with `processor` fields (e.g. a `Parameters`).
fn distributed(reader: &str, extra: &str, processor: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", {reader} {extra}
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                "StartAt": "P", "States": {{"P": {{"Type": "Pass", {processor} "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

fn get_object(input_type: &str, config: &str, key: &str) -> String {
    format!(
        r#""ItemReader": {{"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {{"InputType": "{input_type}" {config}}},
            "Parameters": {{"Bucket": "data", "Key": "{key}"}}}},"#
    )
}

fn run_with_store(m: &StateMachine, store: &ObjectStore) -> Execution {
    blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(m)
            .input(json!({})),
    )
    .unwrap()
}

#[test]
fn a_csv_with_a_header_row_gives_one_object_of_strings_per_row() {
    let store = ObjectStore::new();
    store
        .put(
            "data",
            "people.csv",
            "id,name,city\n1,Ada,\"London, UK\"\r\n2,Alan,Wilmslow\n",
        )
        .unwrap();
    let m = distributed(
        &get_object("CSV", r#", "CSVHeaderLocation": "FIRST_ROW""#, "people.csv"),
        "",
        "",
    );
    let run = run_with_store(&m, &store);
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(json!([
            {"id": "1", "name": "Ada", "city": "London, UK"},
            {"id": "2", "name": "Alan", "city": "Wilmslow"}
        ]))
    );
}

/// `$$.Map.Item.Source` (AWS documentation, "Accessing execution data from the Context
/// object"): `STATE_DATA` for the state's input, `S3://bucket/key` for an object a reader
/// reads, `S3://bucket` for a listing without `LOAD_AND_FLATTEN`, in JSONPath and JSONata.
#[test]
fn map_item_source_says_where_the_items_come_from() {
    let store = ObjectStore::new();
    store
        .put("data", "orders.jsonl", "{\"n\": 1}\n{\"n\": 2}\n")
        .unwrap();
    store.put("data", "in/a.json", "[]").unwrap();
    let selector =
        r#""ItemSelector": {"source.$": "$$.Map.Item.Source", "at.$": "$$.Map.Item.Index"},"#;
    let from_object = distributed(&get_object("JSONL", "", "orders.jsonl"), selector, "");
    let run = run_with_store(&from_object, &store);
    assert_eq!(
        run.output,
        Some(json!([
            {"source": "S3://data/orders.jsonl", "at": 0},
            {"source": "S3://data/orders.jsonl", "at": 1}
        ])),
        "{:?} {:?}",
        run.error,
        run.cause
    );
    let listing = r#""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket": "data", "Prefix": "in/"}},"#;
    let run = run_with_store(&distributed(listing, selector, ""), &store);
    assert_eq!(run.output, Some(json!([{"source": "S3://data", "at": 0}])));
    let inline = machine(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map",
            "ItemSelector": {"source.$": "$$.Map.Item.Source", "retries.$": "$$.State.RetryCount"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&inline).input(json!([1]))).unwrap();
    assert_eq!(
        run.output,
        Some(json!([{"source": "STATE_DATA", "retries": 0}])),
        "a Map's context has its RetryCount, as a Task's: {:?}",
        run.cause
    );
    let jsonata = machine(
        r#"{"StartAt": "M", "QueryLanguage": "JSONata", "States": {"M": {"Type": "Map",
            "ItemSelector": {"source": "{% $states.context.Map.Item.Source %}"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&jsonata).input(json!([1]))).unwrap();
    assert_eq!(
        run.output,
        Some(json!([{"source": "STATE_DATA"}])),
        "{:?}",
        run.cause
    );
}

/// `$$.Map.Item.Source` of items read from several objects is each item's own object, the
/// Context object page's "Amazon S3 URI. For example: `S3://bucket-name/object-key`" for
/// every input type but the state's input and a plain `LIST_OBJECTS_V2` listing: a listing
/// flattened with `LOAD_AND_FLATTEN` names the object each item was read from, batched or
/// not, and an S3 inventory manifest the data file each row is in.
#[test]
fn map_item_source_names_each_items_own_object_for_a_flattened_listing_and_a_manifest() {
    let store = ObjectStore::new();
    store
        .put("data", "in/a.json", r#"[{"n": 1}, {"n": 2}]"#)
        .unwrap();
    store.put("data", "in/b.json", r#"[{"n": 3}]"#).unwrap();
    let flattened = r#""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {"InputType": "JSON", "Transformation": "LOAD_AND_FLATTEN"},
        "Parameters": {"Bucket": "data", "Prefix": "in/"}},"#;
    let selector =
        r#""ItemSelector": {"n.$": "$$.Map.Item.Value.n", "source.$": "$$.Map.Item.Source"},"#;
    let run = run_with_store(&distributed(flattened, selector, ""), &store);
    assert_eq!(
        run.output,
        Some(json!([
            {"n": 1, "source": "S3://data/in/a.json"},
            {"n": 2, "source": "S3://data/in/a.json"},
            {"n": 3, "source": "S3://data/in/b.json"}
        ])),
        "{:?}",
        run.cause
    );
    // A batch that spans two objects: each item its own.
    let batched = format!(r#"{selector} "ItemBatcher": {{"MaxItemsPerBatch": 2}},"#);
    let run = run_with_store(&distributed(flattened, &batched, ""), &store);
    assert_eq!(
        run.output,
        Some(json!([
            {"Items": [{"n": 1, "source": "S3://data/in/a.json"}, {"n": 2, "source": "S3://data/in/a.json"}]},
            {"Items": [{"n": 3, "source": "S3://data/in/b.json"}]}
        ])),
        "{:?}",
        run.cause
    );
    store
        .put(
            "inventory",
            "manifest.json",
            json!({"sourceBucket": "source", "destinationBucket": "arn:aws:s3:::inventory",
                "fileFormat": "CSV", "fileSchema": "Bucket, Key",
                "files": [{"key": "data/a.csv"}, {"key": "data/b.csv"}]})
            .to_string(),
        )
        .unwrap();
    store
        .put("inventory", "data/a.csv", "\"source\",\"x.jpg\"\n")
        .unwrap();
    store
        .put(
            "inventory",
            "data/b.csv",
            "\"source\",\"y.jpg\"\n\"source\",\"z.jpg\"\n",
        )
        .unwrap();
    let manifest = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "MANIFEST"},
        "Parameters": {"Bucket": "inventory", "Key": "manifest.json"}},"#;
    let by_key =
        r#""ItemSelector": {"key.$": "$$.Map.Item.Value.Key", "source.$": "$$.Map.Item.Source"},"#;
    let run = run_with_store(&distributed(manifest, by_key, ""), &store);
    assert_eq!(
        run.output,
        Some(json!([
            {"key": "x.jpg", "source": "S3://inventory/data/a.csv"},
            {"key": "y.jpg", "source": "S3://inventory/data/b.csv"},
            {"key": "z.jpg", "source": "S3://inventory/data/b.csv"}
        ])),
        "{:?}",
        run.cause
    );
}

#[test]
fn a_csv_without_a_header_row_takes_the_given_headers_and_delimiter() {
    let store = ObjectStore::new();
    store.put("data", "rows.psv", "1|x\n2|y\n3|z\n").unwrap();
    let m = distributed(
        &get_object(
            "CSV",
            r#", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["n", "letter"], "CSVDelimiter": "PIPE", "MaxItems": 2"#,
            "rows.psv",
        ),
        "",
        "",
    );
    let run = run_with_store(&m, &store);
    assert_eq!(
        run.output,
        Some(json!([{"n": "1", "letter": "x"}, {"n": "2", "letter": "y"}]))
    );
}

#[test]
fn json_and_json_lines_objects_are_read_as_items() {
    let store = ObjectStore::new();
    store
        .put("data", "items.json", r#"[{"a": 1}, {"a": 2}]"#)
        .unwrap();
    store
        .put("data", "items.jsonl", "{\"a\": 3}\n\n{\"a\": 4}\n")
        .unwrap();
    let doubled = r#""Parameters": {"twice.$": "States.MathAdd($.a, $.a)"},"#;
    let json_run = run_with_store(
        &distributed(&get_object("JSON", "", "items.json"), "", doubled),
        &store,
    );
    assert_eq!(json_run.output, Some(json!([{"twice": 2}, {"twice": 4}])));
    let jsonl_run = run_with_store(
        &distributed(&get_object("JSONL", "", "items.jsonl"), "", doubled),
        &store,
    );
    assert_eq!(jsonl_run.output, Some(json!([{"twice": 6}, {"twice": 8}])));
}

#[test]
fn an_s3_inventory_manifest_reads_its_data_files_with_its_schema() {
    let store = ObjectStore::new();
    store
        .put(
            "inventory",
            "source/config/2026-01-01T00-00Z/manifest.json",
            json!({
                "sourceBucket": "source",
                "destinationBucket": "arn:aws:s3:::inventory",
                "fileFormat": "CSV",
                "fileSchema": "Bucket, Key, Size",
                "files": [{"key": "source/config/data/a.csv"}, {"key": "source/config/data/b.csv.gz"}]
            })
            .to_string(),
        )
        .unwrap();
    store
        .put(
            "inventory",
            "source/config/data/a.csv",
            "\"source\",\"x.jpg\",\"10\"\n",
        )
        .unwrap();
    // S3 publishes its inventory lists gzip-compressed (`.csv.gz`).
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gzip, b"\"source\",\"y.jpg\",\"20\"\n").unwrap();
    store
        .put(
            "inventory",
            "source/config/data/b.csv.gz",
            gzip.finish().unwrap(),
        )
        .unwrap();
    let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "MANIFEST"},
        "Parameters": {"Bucket": "inventory", "Key": "source/config/2026-01-01T00-00Z/manifest.json"}},"#;
    let run = run_with_store(&distributed(reader, "", ""), &store);
    assert_eq!(
        run.output,
        Some(json!([
            {"Bucket": "source", "Key": "x.jpg", "Size": "10"},
            {"Bucket": "source", "Key": "y.jpg", "Size": "20"}
        ]))
    );
    // A data file that says it is gzip and is not fails the reader, naming the file.
    store
        .put(
            "inventory",
            "source/config/data/b.csv.gz",
            [0x1f, 0x8b, 0, 1, 2],
        )
        .unwrap();
    let broken = run_with_store(&distributed(reader, "", ""), &store);
    assert_eq!(broken.error, Some(ErrorName::ItemReaderFailed));
    assert!(
        broken
            .cause
            .as_deref()
            .is_some_and(|c| c.contains("source/config/data/b.csv.gz")),
        "{:?}",
        broken.cause
    );
}

#[test]
fn an_object_listing_gives_each_object_with_its_key_size_and_etag() {
    let store = ObjectStore::new();
    store.put("photos", "2026/a.jpg", "aaaa").unwrap();
    store.put("photos", "2026/b.jpg", "bb").unwrap();
    store.put("photos", "2025/old.jpg", "c").unwrap();
    let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
        "Parameters": {"Bucket": "photos", "Prefix": "2026/"}},"#;
    let run = run_with_store(&distributed(reader, "", ""), &store);
    let items = run.output.unwrap();
    let keys: Vec<(&str, u64)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["Key"].as_str().unwrap(), o["Size"].as_u64().unwrap()))
        .collect();
    assert_eq!(keys, [("2026/a.jpg", 4), ("2026/b.jpg", 2)]);
    // S3's ETag of a simple upload: the MD5 of the body, quoted.
    assert_eq!(items[1]["Etag"], "\"21ad0bd836b90d08f4cf640b4c298e7c\"");
    assert_eq!(items[0]["StorageClass"], "STANDARD");
}

#[test]
fn a_missing_object_fails_the_map_with_item_reader_failed() {
    let run = run_with_store(
        &distributed(&get_object("JSON", "", "nothing.json"), "", ""),
        &ObjectStore::new(),
    );
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    assert!(
        run.cause
            .as_deref()
            .unwrap_or_default()
            .contains("nothing.json")
    );
}

#[test]
fn a_bad_line_at_the_end_of_a_streamed_object_fails_the_map_run_before_any_child() {
    // The items are read as the children take them, but the object is read through first:
    // its last line fails the Map Run before a child starts, as reading it whole did.
    let store = ObjectStore::new();
    let mut lines: String = (0..2000).map(|i| format!("{{\"id\": {i}}}\n")).collect();
    lines.push_str("{\"id\": \n");
    store.put("data", "items.jsonl", lines).unwrap();
    let run = run_with_store(
        &distributed(&get_object("JSONL", "", "items.jsonl"), "", ""),
        &store,
    );
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    let cause = run.cause.as_deref().unwrap_or_default();
    assert!(cause.contains("is not JSON Lines"), "{cause}");
    assert_eq!(run.map_runs.len(), 1);
    assert!(run.map_runs[0].executions.is_empty(), "no child started");
}

#[test]
fn the_item_batcher_limits_items_and_bytes_and_adds_the_batch_input() {
    let store = ObjectStore::new();
    let items: Vec<Value> = (0..7).map(|i| json!({"id": i})).collect();
    store
        .put("data", "items.json", Value::Array(items).to_string())
        .unwrap();
    let by_count = distributed(
        &get_object("JSON", "", "items.json"),
        r#""ItemBatcher": {"MaxItemsPerBatch": 3, "BatchInput": {"job": "j1"}},"#,
        "",
    );
    let run = run_with_store(&by_count, &store);
    let batches = run.output.unwrap();
    assert_eq!(
        batches,
        json!([
            {"BatchInput": {"job": "j1"}, "Items": [{"id": 0}, {"id": 1}, {"id": 2}]},
            {"BatchInput": {"job": "j1"}, "Items": [{"id": 3}, {"id": 4}, {"id": 5}]},
            {"BatchInput": {"job": "j1"}, "Items": [{"id": 6}]}
        ])
    );
    // `{"Items":[{"id":0},{"id":1}]}` is 29 bytes: a third item would pass 30.
    let by_bytes = distributed(
        &get_object("JSON", "", "items.json"),
        r#""ItemBatcher": {"MaxInputBytesPerBatch": 30},"#,
        "",
    );
    let run = run_with_store(&by_bytes, &store);
    let sizes: Vec<usize> = run
        .output
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["Items"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [2, 2, 2, 1]);
}

#[test]
fn the_item_selector_makes_each_item_before_the_batcher_batches_them() {
    // "Step Functions applies each option in your Distributed Map state in the order shown:
    // ItemReader, ItemsPath, ItemSelector, ItemBatcher, ResultWriter" (AWS documentation, "Map
    // state input and output fields"); AWS's sample `sfn-bedrock-describe-assets` reads
    // `event["Items"]`, each item the `{Bucket, Data}` its ItemSelector builds.
    let store = ObjectStore::new();
    let items: Vec<Value> = (0..5).map(|i| json!({"id": i})).collect();
    store
        .put("data", "items.json", Value::Array(items).to_string())
        .unwrap();
    let m = distributed(
        &get_object("JSON", "", "items.json"),
        r#""ItemSelector": {"bucket.$": "$.bucket", "at.$": "$$.Map.Item.Index", "data.$": "$$.Map.Item.Value"},
           "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"job": "j1"}},"#,
        "",
    );
    let run = blocking::run(
        Engine::new()
            .object_store(store)
            .machine(&m)
            .input(json!({"bucket": "data"})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let item = |i: i64| json!({"bucket": "data", "at": i, "data": {"id": i}});
    assert_eq!(
        run.output.unwrap(),
        json!([
            {"BatchInput": {"job": "j1"}, "Items": [item(0), item(1)]},
            {"BatchInput": {"job": "j1"}, "Items": [item(2), item(3)]},
            {"BatchInput": {"job": "j1"}, "Items": [item(4)]}
        ])
    );
}

/// A Distributed Map over `[1, …, n]` whose processor fails for multiples of 3.
fn failing_every_third(extra: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "Label": "Squares", {extra}
            "ResultWriter": {{"Resource": "arn:aws:states:::s3:putObject",
                              "Parameters": {{"Bucket": "results", "Prefix": "runs"}}}},
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                "StartAt": "Check", "States": {{
                    "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.n", "NumericEquals": 3, "Next": "Bad"}},
                                                          {{"Variable": "$.n", "NumericEquals": 6, "Next": "Bad"}}],
                              "Default": "Good"}},
                    "Bad": {{"Type": "Fail", "Error": "NotSquare", "Cause": "multiple of three"}},
                    "Good": {{"Type": "Pass", "Parameters": {{"sq.$": "States.MathAdd($.n, 0)"}}, "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

fn numbers(n: i64) -> Value {
    Value::Array((1..=n).map(|i| json!({"n": i})).collect())
}

#[test]
fn the_result_writer_writes_the_manifest_and_the_succeeded_and_failed_files() {
    let store = ObjectStore::new();
    let m = failing_every_third(r#""ToleratedFailureCount": 2, "ItemsPath": "$.items","#);
    let run = blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(&m)
            .input(json!({"items": numbers(7)})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let output = run.output.clone().unwrap();
    let map_run_arn = output["MapRunArn"].as_str().unwrap().to_owned();
    assert!(
        map_run_arn
            .starts_with("arn:aws:states:us-east-1:123456789012:mapRun:LocalStateMachine/Squares:"),
        "{map_run_arn}"
    );
    let id = map_run_arn.rsplit(':').next().unwrap();
    let manifest_key = format!("runs/{id}/manifest.json");
    assert_eq!(
        output["ResultWriterDetails"],
        json!({"Bucket": "results", "Key": manifest_key})
    );
    let manifest = store.get_json("results", &manifest_key).unwrap();
    assert_eq!(manifest["DestinationBucket"], "results");
    assert_eq!(manifest["MapRunArn"], map_run_arn.as_str());
    let succeeded_key = format!("runs/{id}/SUCCEEDED_0.json");
    let failed_key = format!("runs/{id}/FAILED_0.json");
    assert_eq!(
        manifest["ResultFiles"]["SUCCEEDED"][0]["Key"],
        succeeded_key.as_str()
    );
    assert_eq!(
        manifest["ResultFiles"]["FAILED"][0]["Key"],
        failed_key.as_str()
    );
    assert_eq!(manifest["ResultFiles"]["PENDING"], json!([]));
    assert_eq!(
        manifest["ResultFiles"]["SUCCEEDED"][0]["Size"],
        store.get("results", &succeeded_key).unwrap().len()
    );
    let succeeded = store.get_json("results", &succeeded_key).unwrap();
    let outputs: Vec<&str> = succeeded
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Output"].as_str().unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            r#"{"sq":1}"#,
            r#"{"sq":2}"#,
            r#"{"sq":4}"#,
            r#"{"sq":5}"#,
            r#"{"sq":7}"#
        ]
    );
    assert_eq!(succeeded[0]["Status"], "SUCCEEDED");
    assert_eq!(succeeded[0]["Input"], r#"{"n":1}"#);
    let failed = store.get_json("results", &failed_key).unwrap();
    let failed_inputs: Vec<(&str, &str, &str)> = failed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["Input"].as_str().unwrap(),
                c["Error"].as_str().unwrap(),
                c["Status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        failed_inputs,
        [
            (r#"{"n":3}"#, "NotSquare", "FAILED"),
            (r#"{"n":6}"#, "NotSquare", "FAILED")
        ]
    );
    let types = event_types(&run);
    assert!(
        types.contains(&"MapRunStarted".to_owned())
            && types.contains(&"MapRunSucceeded".to_owned())
    );
    assert_eq!(
        event_json(&run, "MapRunStarted")["mapRunStartedEventDetails"]["mapRunArn"],
        map_run_arn.as_str()
    );
}

/// A Distributed Map whose children answer `{"pair": [n, n]}` (`pairs`) or fail on 3, with
/// `writer` as its `ResultWriter`.
fn writing(writer: &str, pairs: bool) -> StateMachine {
    let good = if pairs {
        r#""Parameters": {"pair.$": "States.Array($.n, $.n)"}, "OutputPath": "$.pair","#
    } else {
        r#""Parameters": {"sq.$": "States.MathAdd($.n, 0)"},"#
    };
    machine(&format!(
        r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "Label": "Squares",
            "ItemsPath": "$.items", "ToleratedFailureCount": 1, "ResultWriter": {writer},
            "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                "StartAt": "Check", "States": {{
                    "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.n", "NumericEquals": 3, "Next": "Bad"}}],
                              "Default": "Good"}},
                    "Bad": {{"Type": "Fail", "Error": "NotSquare", "Cause": "three"}},
                    "Good": {{"Type": "Pass", {good} "End": true}}}}}},
            "End": true}}}}}}"#
    ))
}

#[test]
fn a_writer_config_without_a_resource_formats_the_results_the_state_hands_on() {
    // AWS documentation, "ResultWriter (Map)": a `WriterConfig` alone formats the results,
    // which go to the state's output; COMPACT gives the children's outputs, FLATTEN takes an
    // array output's items out of it, NONE gives each child's execution record; a failed
    // child is its record whatever the transformation.
    let run = |transformation: &str, pairs: bool| {
        let writer = format!(
            r#"{{"WriterConfig": {{"OutputType": "JSON", "Transformation": "{transformation}"}}}}"#
        );
        let run = blocking::run(
            Engine::new()
                .machine(&writing(&writer, pairs))
                .input(json!({"items": numbers(4)})),
        )
        .unwrap();
        assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
        run.output.unwrap()
    };
    let compact = run("COMPACT", false);
    assert_eq!(compact[0], json!({"sq": 1}));
    assert_eq!(compact[1], json!({"sq": 2}));
    assert_eq!(
        (compact[2]["Status"].as_str(), compact[2]["Error"].as_str()),
        (Some("FAILED"), Some("NotSquare"))
    );
    assert_eq!(compact[3], json!({"sq": 4}));
    let flat = run("FLATTEN", true);
    assert_eq!(flat.as_array().map(Vec::len), Some(7), "{flat}");
    assert_eq!(
        &flat.as_array().unwrap()[..4],
        &[json!(1), json!(1), json!(2), json!(2)]
    );
    assert_eq!(flat[4]["Status"], "FAILED");
    assert_eq!(&flat.as_array().unwrap()[5..], &[json!(4), json!(4)]);
    let none = run("NONE", false);
    assert_eq!(none[0]["Status"], "SUCCEEDED");
    assert_eq!(none[0]["Output"], r#"{"sq":1}"#);
    assert_eq!(none[0]["Input"], r#"{"n":1}"#);
    assert!(
        none[0]["ExecutionArn"]
            .as_str()
            .unwrap()
            .contains(":execution:LocalStateMachine/Squares:")
    );
}

#[test]
fn a_writer_config_shapes_the_result_files_it_writes_to_s3() {
    let store = ObjectStore::new();
    let writer = r#"{"Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "results", "Prefix": "runs"},
        "WriterConfig": {"OutputType": "JSON", "Transformation": "FLATTEN"}}"#;
    let run = blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(&writing(writer, true))
            .input(json!({"items": numbers(4)})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let output = run.output.unwrap();
    let key = output["ResultWriterDetails"]["Key"]
        .as_str()
        .unwrap()
        .to_owned();
    let manifest = store.get_json("results", &key).unwrap();
    let succeeded = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
        .as_str()
        .unwrap();
    let failed = manifest["ResultFiles"]["FAILED"][0]["Key"]
        .as_str()
        .unwrap();
    assert_eq!(
        store.get_json("results", succeeded).unwrap(),
        json!([1, 1, 2, 2, 4, 4])
    );
    let failed = store.get_json("results", failed).unwrap();
    assert_eq!(
        (failed[0]["Input"].as_str(), failed[0]["Status"].as_str()),
        (Some(r#"{"n":3}"#), Some("FAILED"))
    );
}

#[test]
fn json_lines_result_files_hold_one_result_a_line_listed_in_the_manifest() {
    // "JSONL - formats the results as JSON Lines" (AWS documentation, "ResultWriter (Map)"):
    // the same results as JSON, one a line; the manifest lists the files by key.
    let store = ObjectStore::new();
    let writer = r#"{"Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "results", "Prefix": "runs"},
        "WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}}"#;
    let run = blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(&writing(writer, false))
            .input(json!({"items": numbers(4)})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    let key = run.output.unwrap()["ResultWriterDetails"]["Key"]
        .as_str()
        .unwrap()
        .to_owned();
    let manifest = store.get_json("results", &key).unwrap();
    let file = |status: &str| {
        let entry = &manifest["ResultFiles"][status][0];
        let key = entry["Key"].as_str().unwrap().to_owned();
        let text = String::from_utf8(store.get("results", &key).unwrap()).unwrap();
        assert_eq!(entry["Size"], json!(text.len()), "{key}");
        (key, text)
    };
    let (succeeded_key, succeeded) = file("SUCCEEDED");
    assert!(
        succeeded_key.ends_with("/SUCCEEDED_0.jsonl"),
        "{succeeded_key}"
    );
    assert_eq!(succeeded, "{\"sq\":1}\n{\"sq\":2}\n{\"sq\":4}\n");
    // A failed child is its execution record, whatever the transformation, one a line too.
    let (failed_key, failed) = file("FAILED");
    assert!(failed_key.ends_with("/FAILED_0.jsonl"), "{failed_key}");
    let lines: Vec<Value> = failed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0]["Input"].as_str(), lines[0]["Status"].as_str()),
        (Some(r#"{"n":3}"#), Some("FAILED"))
    );
    // Without a Resource, JSON Lines would be the state's output, which AWS does not
    // document: the state fails saying so.
    let refused = blocking::run(
        Engine::new()
            .machine(&writing(
                r#"{"WriterConfig": {"OutputType": "JSONL", "Transformation": "COMPACT"}}"#,
                false,
            ))
            .input(json!({"items": numbers(2)})),
    )
    .unwrap();
    assert_eq!(refused.error, Some(ErrorName::ResultWriterFailed));
    assert!(
        refused
            .cause
            .as_deref()
            .unwrap_or_default()
            .contains("JSON Lines"),
        "{:?}",
        refused.cause
    );
}

#[test]
fn failures_beyond_the_tolerated_count_fail_the_map_run_and_still_write_results() {
    let store = ObjectStore::new();
    let m = failing_every_third(r#""ToleratedFailureCount": 1, "ItemsPath": "$.items","#);
    let run = blocking::run(
        Engine::new()
            .object_store(store.clone())
            .machine(&m)
            .input(json!({"items": numbers(7)})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::ExceedToleratedFailureThreshold));
    let failed = event_json(&run, "MapRunFailed");
    assert_eq!(
        failed["mapRunFailedEventDetails"]["error"],
        "States.ExceedToleratedFailureThreshold"
    );
    let manifests = store.keys("results", "runs/");
    assert_eq!(
        manifests
            .iter()
            .filter(|k| k.ends_with("manifest.json"))
            .count(),
        1,
        "{manifests:?}"
    );
}

#[test]
fn a_callback_past_the_execution_timeout_times_the_execution_out() {
    let m = machine(&format!(
        r#"{{"StartAt": "Approve", "TimeoutSeconds": 120, "States": {{
            "Approve": {{"Type": "Task", "Resource": "{SQS_CALLBACK}",
                "Parameters": {{"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}},
                "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Caught"}}], "End": true}},
            "Caught": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let execution = blocking::start(Engine::new().machine(&m).input(json!({}))).unwrap();
    let token = execution.next_task().unwrap().task_token;
    execution.advance(Duration::from_secs(119));
    assert_eq!(execution.task_tokens(), [token.as_str()]);
    execution.advance(Duration::from_secs(1));
    assert!(execution.task_tokens().is_empty());
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::TimedOut);
    assert!(!run.states.contains(&"Caught".to_owned()));
    assert_eq!(
        millis_between(&run, "ExecutionStarted", "ExecutionTimedOut"),
        120_000
    );
}

#[test]
fn a_timed_out_execution_is_redriven_with_its_timeout_counted_from_the_redrive() {
    let m = machine(&format!(
        r#"{{"StartAt": "Prepare", "TimeoutSeconds": 60, "States": {{
            "Prepare": {{"Type": "Task", "Resource": "{FIRST}", "Next": "Job"}},
            "Job": {{"Type": "Task", "Resource": "{SECOND}", "End": true}}}}}}"#
    ));
    let slow_once = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let calls = std::sync::Arc::clone(&slow_once);
    let engine = Engine::new()
        .handler(FIRST, |_call: TaskCall| async {
            Ok::<_, TaskFailure>(TaskOutput::after(
                Duration::from_secs(50),
                json!("prepared"),
            ))
        })
        .handler(SECOND, move |_call: TaskCall| {
            let first = calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0;
            async move {
                let took = Duration::from_secs(if first { 100 } else { 30 });
                Ok::<_, TaskFailure>(TaskOutput::after(took, json!("done")))
            }
        });
    let timed_out = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    assert_eq!(timed_out.status, ExecutionStatus::TimedOut);
    // 50 s replayed for Prepare, then 30 s for Job: within 60 s of the redrive.
    let run = blocking::run(engine.machine(&m).redrive(&timed_out)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.error);
    assert_eq!(run.output, Some(json!("done")));
    assert_eq!(run.states, ["Job"]);
    // The timed-out attempt's Job never reported; the redrive ran it again.
    let reported = event_types(&timed_out)
        .iter()
        .filter(|t| *t == "LambdaFunctionSucceeded")
        .count();
    assert_eq!(reported, 1, "only Prepare reported");
    assert_eq!(slow_once.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[test]
fn a_redrive_of_an_inline_map_reruns_only_the_iterations_that_did_not_succeed() {
    let m = machine(&format!(
        r#"{{"StartAt": "Each", "States": {{"Each": {{"Type": "Map", "End": true,
            "ItemProcessor": {{"StartAt": "Work", "States": {{"Work": {{"Type": "Task", "Resource": "{SECOND}",
                "Parameters": {{"n.$": "$.n"}}, "End": true}}}}}}}}}}}}"#
    ));
    let calls = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&calls);
    let engine = Engine::new().handler(SECOND, move |call: TaskCall| {
        let n = call.input["n"].as_i64().unwrap_or(0);
        let mut seen = seen.lock().unwrap();
        let first_try = !seen.contains(&n);
        seen.push(n);
        async move {
            if n == 2 && first_try {
                Err(TaskFailure::new("Flaky", "item 2"))
            } else {
                Ok(json!(n * 10))
            }
        }
    });
    let failed = blocking::run(
        engine
            .machine(&m)
            .input(json!([{"n": 1}, {"n": 2}, {"n": 3}])),
    )
    .unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    let run = blocking::run(engine.machine(&m).redrive(&failed)).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!([10, 20, 30])));
    // Item 1 succeeded before and is not run again.
    let calls = calls.lock().unwrap();
    assert_eq!(calls.iter().filter(|n| **n == 1).count(), 1, "{calls:?}");
    assert_eq!(calls.iter().filter(|n| **n == 2).count(), 2, "{calls:?}");
}

#[test]
fn an_execution_stopped_before_it_reaches_its_callback_ends_aborted() {
    // Stopped and waited for at once, before its thread reaches the task that waits for a
    // callback (as `workflow serve` stops while an execution starts): ABORTED every time,
    // never a stalled task's failure.
    // A first task whose handler holds the execution's thread while the stop and the wait
    // come, then the callback.
    let m = machine(&format!(
        r#"{{"StartAt": "Prepare", "States": {{
            "Prepare": {{"Type": "Task", "Resource": "{FIRST}", "Next": "Approve"}},
            "Approve": {{"Type": "Task", "Resource": "{SQS_CALLBACK}",
                "Parameters": {{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                               "MessageBody": {{"token.$": "$$.Task.Token"}}}}, "End": true}}}}}}"#
    ));
    let (entered, in_handler) = std::sync::mpsc::channel::<()>();
    let entered = std::sync::Mutex::new(entered);
    let engine = Engine::new().handler(FIRST, move |_call: TaskCall| {
        let _ = entered.lock().map(|e| e.send(()));
        async {
            std::thread::sleep(Duration::from_millis(200));
            Ok::<_, TaskFailure>(json!({}))
        }
    });
    let execution = blocking::start(engine.machine(&m).input(json!({}))).unwrap();
    in_handler
        .recv_timeout(Duration::from_secs(10))
        .expect("the handler runs");
    execution.stop(None, Some("the server is going away"));
    let run = execution.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Aborted, "{:?}", run.cause);
}

#[test]
fn an_execution_stopped_as_soon_as_it_starts_has_a_history_a_redrive_can_read() {
    // StopExecution right after StartExecution (as `workflow serve` stops while an execution
    // starts): the history begins with `ExecutionStarted` and ends with `ExecutionAborted`
    // every time, so the execution can be redriven ("RedriveExecution": a redrive reads the
    // history). Before, a stop that came before the execution's thread first ran it left a
    // history of `ExecutionAborted` alone.
    let m = approval_machine("");
    for attempt in 0..20 {
        let execution =
            blocking::start(Engine::new().machine(&m).input(json!({"order": 5}))).unwrap();
        execution.stop(None, Some("the server is going away"));
        let run = execution.wait().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run.status, ExecutionStatus::Aborted, "attempt {attempt}");
        let kinds: Vec<String> = run
            .history
            .iter()
            .map(|e| e.kind.event_type().to_string())
            .collect();
        assert_eq!(
            (
                kinds.first().map(String::as_str),
                kinds.last().map(String::as_str)
            ),
            (Some("ExecutionStarted"), Some("ExecutionAborted")),
            "attempt {attempt}: {kinds:?}"
        );
        let redriven = blocking::start(Engine::new().machine(&m).redrive(&run))
            .unwrap_or_else(|e| panic!("attempt {attempt}: {e}"));
        assert!(redriven.next_task().is_some(), "attempt {attempt}");
        redriven.stop(None, None);
    }
}

#[test]
fn a_running_execution_shows_its_history_so_far_and_stop_aborts_it() {
    let execution = started_approval("", 5);
    let token = execution.next_task().unwrap().task_token;
    assert!(!execution.is_finished());
    let so_far: Vec<String> = execution
        .history_so_far()
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect();
    assert_eq!(so_far.first().map(String::as_str), Some("ExecutionStarted"));
    assert!(so_far.iter().any(|t| t == "TaskScheduled"), "{so_far:?}");
    execution.stop(Some(&ErrorName::from("Operator")), Some("changed my mind"));
    // A stopped execution's task is closed: the answer comes too late.
    let run = execution.wait().unwrap();
    assert_eq!(
        run.status,
        ExecutionStatus::Aborted,
        "{:?} {:?}",
        run.error,
        run.cause
    );
    assert_eq!(run.error.as_ref().map(|e| e.as_str()), Some("Operator"));
    assert_eq!(run.cause.as_deref(), Some("changed my mind"));
    let last = run.history.last().unwrap().to_json();
    assert_eq!(last["type"], "ExecutionAborted");
    assert_eq!(
        last["executionAbortedEventDetails"]["cause"],
        "changed my mind"
    );
    assert_eq!(
        last["previousEventId"],
        run.history[run.history.len() - 2].id,
        "{last}"
    );
    let _ = token;
}

/// Step Functions converts nothing to text: a number sent as Lambda's `Payload` stops the task
/// before it is scheduled, `States.Runtime`, which the state's `States.ALL` catcher does not
/// catch; the cause as recorded on AWS (`engine::request_check` has the source).
#[test]
fn a_number_sent_where_the_api_needs_text_fails_the_task_before_it_starts() {
    let m = machine(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.body",
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "add", "States": {
                "add": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "add", "Payload.$": "$"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                    "End": true},
                "Caught": {"Type": "Pass", "End": true}}},
            "End": true}}}"#,
    );
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = calls.clone();
    let engine = Engine::new().handler("arn:aws:states:::lambda:invoke", move |call: TaskCall| {
        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        async move { Ok(TaskOutput::from(json!({"Payload": call.input}))) }
    });
    let run = blocking::run(engine.machine(&m).input(json!({"body": [1, 2, 3]}))).unwrap();
    assert_eq!(
        run.status,
        ExecutionStatus::Failed,
        "{:?}",
        event_types(&run)
    );
    assert_eq!(run.error, Some(ErrorName::Runtime));
    let cause = run.cause.clone().unwrap_or_default();
    assert!(
        cause.starts_with(
            "An error occurred while executing the state 'add' (entered at the event id #"
        ),
        "{cause}"
    );
    assert!(
        cause.ends_with(
            "The Parameters '{\"FunctionName\":\"add\",\"Payload\":1}' could not be used to start the Task: [The value for the field 'Payload' must be a STRING]"
        ),
        "{cause}"
    );
    assert!(!event_types(&run).contains(&"TaskScheduled".to_owned()));
    assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    // An object or a string is sent as text: the same state runs.
    let run = blocking::run(engine.machine(&m).input(json!({"body": [{"n": 1}, "two"]}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
}

/// A Lambda task `Charge` with `extra` fields, then a Pass.
fn charge_machine(extra: &str) -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "Charge", "States": {{
            "Charge": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Parameters": {{"FunctionName": "charge", "Payload.$": "$"}}, {extra}
                       "Next": "Done"}},
            "Done": {{"Type": "Pass", "End": true}}}}}}"#
    ))
}

#[test]
fn a_task_duration_passes_virtual_time_for_a_typed_handler_a_failure_and_a_mock() {
    // A typed handler cannot say how long it took: the engine's task duration does.
    let typed = Engine::new()
        .typed_handler(HandlerKey::state("Charge"), |order: Value| async move {
            Ok::<_, TaskFailure>(json!({"charged": order}))
        })
        .task_duration("Charge", Duration::from_secs(30));
    let run = blocking::run(
        typed
            .machine(&charge_machine(""))
            .input(json!({"cents": 5})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(millis_between(&run, "TaskStarted", "TaskSucceeded"), 30_000);
    // A failure takes the time too, and a timeout is measured against it.
    let failing = Engine::new()
        .typed_handler(HandlerKey::state("Charge"), |_: Value| async move {
            Err::<Value, _>(TaskFailure::new("Card.Declined", "no funds"))
        })
        .task_duration("Charge", Duration::from_secs(30));
    let run = blocking::run(failing.machine(&charge_machine("")).input(json!({}))).unwrap();
    assert_eq!(run.error, Some(ErrorName::from("Card.Declined")));
    assert_eq!(millis_between(&run, "TaskStarted", "TaskFailed"), 30_000);
    let run = blocking::run(
        failing
            .machine(&charge_machine(r#""TimeoutSeconds": 10,"#))
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 10_000);
    // A handler that says how long it took keeps its own duration.
    let own = Engine::new()
        .handler(HandlerKey::state("Charge"), |_: TaskCall| async move {
            Ok::<_, TaskFailure>(TaskOutput::after(Duration::from_secs(5), json!({})))
        })
        .task_duration("Charge", Duration::from_secs(30));
    let run = blocking::run(own.machine(&charge_machine("")).input(json!({}))).unwrap();
    assert_eq!(millis_between(&run, "TaskStarted", "TaskSucceeded"), 5_000);
}

#[test]
fn an_invoke_harness_task_times_out_at_aws_limit_whatever_its_timeout_seconds() {
    // connect-bedrockagentcore.html: an InvokeHarness Task runs at most 900 s.
    let harness = |extra: &str| {
        machine(&format!(
            r#"{{"StartAt": "Ask", "States": {{
                "Ask": {{"Type": "Task", "Resource": "arn:aws:states:::bedrockagentcore:invokeHarness",
                         "Parameters": {{"HarnessArn": "arn:aws:bedrock-agentcore:us-east-1:123456789012:harness/h-a1b2c3d4e5",
                                         "RuntimeSessionId": "session-0000000000000000000000000000001",
                                         "Messages": [{{"Role": "user", "Content": [{{"Text": "hi"}}]}}]}},
                         {extra} "End": true}}}}}}"#
        ))
    };
    let answer = json!({
        "Output": {"Message": {"Role": "assistant", "Content": [{"Text": "hello"}]}},
        "StopReason": "end_turn",
        "Usage": {"InputTokens": 3, "OutputTokens": 1, "TotalTokens": 4}
    });
    let slow = |answer: Value| {
        Engine::new().handler(HandlerKey::state("Ask"), move |_: TaskCall| {
            let answer = answer.clone();
            async move { Ok::<_, TaskFailure>(TaskOutput::after(Duration::from_secs(1_000), answer)) }
        })
    };
    for extra in [r#""TimeoutSeconds": 3600,"#, ""] {
        let run = blocking::run(
            slow(answer.clone())
                .machine(&harness(extra))
                .input(json!({})),
        )
        .unwrap();
        assert_eq!(
            run.error,
            Some(ErrorName::Timeout),
            "{extra}: {:?}",
            run.cause
        );
        assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 900_000);
    }
    // A smaller TimeoutSeconds still fires first; within the limit the answer is the result.
    let run = blocking::run(
        slow(answer.clone())
            .machine(&harness(r#""TimeoutSeconds": 60,"#))
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(millis_between(&run, "TaskStarted", "TaskTimedOut"), 60_000);
    let quick = Engine::new().handler(HandlerKey::state("Ask"), move |_: TaskCall| {
        let answer = answer.clone();
        async move { Ok::<_, TaskFailure>(TaskOutput::after(Duration::from_secs(899), answer)) }
    });
    let run = blocking::run(
        quick
            .machine(&harness(r#""TimeoutSeconds": 3600,"#))
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output.unwrap()["Usage"]["TotalTokens"], 4);
}

#[test]
fn validation_errors_as_warnings_run_a_definition_as_aws_would_run_it() {
    // The static data flow knows `$.missing` selects nothing (the Pass's result has no such
    // field) and refuses the definition; AWS creates it and fails the execution when the
    // path is read.
    let m = machine(
        r#"{"StartAt": "Make", "States": {
            "Make": {"Type": "Pass", "Result": {"present": 1}, "Next": "Read"},
            "Read": {"Type": "Pass", "InputPath": "$.missing", "End": true}}}"#,
    );
    assert!(matches!(
        blocking::run(Engine::new().machine(&m).input(json!({}))),
        Err(EngineError::InvalidDefinition(_))
    ));
    let engine = Engine::new().validation_errors_as_warnings(true);
    let compiled = engine.compile(&m).unwrap();
    assert_eq!(
        compiled
            .findings()
            .iter()
            .map(|d| d.pointer.as_str())
            .collect::<Vec<_>>(),
        ["/States/Read/InputPath"]
    );
    let run = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Runtime));
    // A definition the engine cannot run is still refused.
    let broken =
        machine(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#);
    assert!(matches!(
        blocking::run(engine.machine(&broken).input(json!({}))),
        Err(EngineError::InvalidDefinition(_))
    ));
}

#[test]
fn an_asynchronous_express_execution_runs_five_minutes_at_most_with_an_express_context() {
    use workflow_runtime::asl::ExecutionType;
    let express = Engine::new();
    let m = machine(
        r#"{"StartAt": "Who", "States": {
            "Who": {"Type": "Pass", "Parameters": {"context.$": "$$.Execution"}, "Next": "Long"},
            "Long": {"Type": "Wait", "Seconds": 400, "End": true}}}"#,
    );
    let run = blocking::run(
        express
            .machine(&m)
            .input(json!({}))
            .execution_type(ExecutionType::Express),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::TimedOut);
    let context = &event_json(&run, "PassStateExited")["stateExitedEventDetails"]["output"];
    let context: Value = serde_json::from_str(context.as_str().unwrap()).unwrap();
    assert!(
        context["context"]["Id"]
            .as_str()
            .is_some_and(|id| id.contains(":express:")),
        "{context}"
    );
    // `StartExecution` on an EXPRESS machine: `"RedriveCount": 0`, as AWS recorded it
    // (`test_express_async.py::test_query_runtime_memory`; a synchronous one has none).
    assert_eq!(context["context"]["RedriveCount"], 0, "{context}");
    // Started on a thread of its own, the same.
    let started = blocking::start(
        express
            .machine(&m)
            .input(json!({}))
            .execution_type(ExecutionType::Express),
    )
    .unwrap()
    .wait()
    .unwrap();
    assert_eq!(started.status, ExecutionStatus::TimedOut);
    // An EXPRESS machine cannot wait for a callback: refused as the service refuses it.
    let refused = blocking::run(
        express
            .machine(&approval_machine(""))
            .input(json!({"order": 1}))
            .execution_type(ExecutionType::Express),
    );
    assert!(
        matches!(refused, Err(EngineError::InvalidDefinition(_))),
        "{refused:?}"
    );
    // The same definition as STANDARD waits the whole 400 seconds.
    let standard = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
    assert_eq!(standard.status, ExecutionStatus::Succeeded);
}

#[test]
fn a_worker_without_a_name_takes_the_activity_task_and_its_event_names_no_worker() {
    // `GetActivityTask`'s `workerName` is optional: without one, `ActivityStarted` names none.
    let execution = started_activity("", "d-1");
    let task = execution
        .get_activity_task(&activity_arn(), None)
        .expect("an activity task is scheduled");
    execution
        .send_task_success(&task.task_token, r#"{"ok": true}"#)
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(
        event_json(&run, "ActivityStarted")["activityStartedEventDetails"],
        json!({})
    );
}

/// `text` gzip-compressed.
fn gzip(text: &str) -> Vec<u8> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gzip, text.as_bytes()).unwrap();
    gzip.finish().unwrap()
}

#[test]
fn an_items_pointer_selects_the_array_inside_a_json_object_and_compressed_objects_are_read() {
    // AWS documentation, "ItemReader (Map)": `ItemsPointer` selects the node of a nested JSON
    // object; "Input files support the following external compression types: GZIP, ZSTD".
    let store = ObjectStore::new();
    store
        .put(
            "data",
            "catalog.json",
            r#"{"inventory": {"products": {"featured": [{"a": 1}, {"a": 2}]}}}"#,
        )
        .unwrap();
    store
        .put("data", "items.jsonl.gz", gzip("{\"a\": 3}\n{\"a\": 4}\n"))
        .unwrap();
    store
        .put(
            "data",
            "items.csv.zstd",
            ruzstd::encoding::compress_to_vec(
                "a,b\n5,6\n7,8\n".as_bytes(),
                ruzstd::encoding::CompressionLevel::Fastest,
            ),
        )
        .unwrap();
    store
        .put("data", "broken.csv.zstd", [0x28, 0xb5, 0x2f, 0xfd, 0, 0])
        .unwrap();
    let pointed = |pointer: &str| {
        let config = format!(r#", "ItemsPointer": "{pointer}""#);
        run_with_store(
            &distributed(&get_object("JSON", &config, "catalog.json"), "", ""),
            &store,
        )
    };
    let run = pointed("/inventory/products/featured");
    assert_eq!(run.output, Some(json!([{"a": 1}, {"a": 2}])));
    // Pointing at an object, or at nothing, reads no array.
    let object = pointed("/inventory/products");
    assert_eq!(object.error, Some(ErrorName::ItemReaderFailed));
    assert_eq!(
        object.cause.as_deref(),
        Some("Attempting to map over non-iterable node.")
    );
    let nothing = pointed("/inventory/services");
    assert_eq!(nothing.error, Some(ErrorName::ItemReaderFailed));
    assert!(
        nothing
            .cause
            .as_deref()
            .unwrap_or_default()
            .contains("/inventory/services"),
        "{:?}",
        nothing.cause
    );
    let run = run_with_store(
        &distributed(&get_object("JSONL", "", "items.jsonl.gz"), "", ""),
        &store,
    );
    assert_eq!(run.output, Some(json!([{"a": 3}, {"a": 4}])));
    let zstd = run_with_store(
        &distributed(
            &get_object(
                "CSV",
                r#", "CSVHeaderLocation": "FIRST_ROW""#,
                "items.csv.zstd",
            ),
            "",
            "",
        ),
        &store,
    );
    assert_eq!(
        zstd.output,
        Some(json!([{"a": "5", "b": "6"}, {"a": "7", "b": "8"}])),
        "{:?}",
        zstd.cause
    );
    // A ZSTD frame that does not decode fails the reader, naming the object.
    let broken = run_with_store(
        &distributed(&get_object("CSV", "", "broken.csv.zstd"), "", ""),
        &store,
    );
    assert_eq!(broken.error, Some(ErrorName::ItemReaderFailed));
    assert!(
        broken
            .cause
            .as_deref()
            .unwrap_or_default()
            .contains("broken.csv.zstd"),
        "{:?}",
        broken.cause
    );
}

#[test]
fn a_listing_with_load_and_flatten_reads_every_listed_objects_items_in_key_order() {
    // "Read the actual content of each object listed by Amazon S3 ListObjectsV2 call. Parse
    // the content based on InputType" (AWS documentation, "ItemReader (Map)").
    let store = ObjectStore::new();
    store.put("data", "rows/", "").unwrap();
    store
        .put("data", "rows/b.csv", "id,name\n3,Edsger\n")
        .unwrap();
    store
        .put("data", "rows/a.csv", gzip("id,name\n1,Ada\n2,Grace\n"))
        .unwrap();
    store
        .put("data", "other/c.csv", "id,name\n9,Nobody\n")
        .unwrap();
    let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "Transformation": "LOAD_AND_FLATTEN"},
        "Parameters": {"Bucket": "data", "Prefix": "rows/"}},"#;
    let run = run_with_store(&distributed(reader, "", ""), &store);
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(json!([
            {"id": "1", "name": "Ada"},
            {"id": "2", "name": "Grace"},
            {"id": "3", "name": "Edsger"}
        ]))
    );
}

#[test]
fn an_athena_manifest_reads_the_data_files_it_lists_as_its_input_type_says() {
    // "You set ManifestType to ATHENA_DATA, and InputType to either CSV, JSONL, or Parquet";
    // the manifest "provides a structured CSV list of the data files" (AWS documentation,
    // "ItemReader (Map)"); Athena's UNLOAD writes its data files gzip-compressed.
    let store = ObjectStore::new();
    store
        .put(
            "athena",
            "results/q-1-manifest.csv",
            "s3://athena/results/q-1_0.gz\ns3://athena/results/q-1_1.gz\n",
        )
        .unwrap();
    store
        .put("athena", "results/q-1_0.gz", gzip("1,Ada\n2,Grace\n"))
        .unwrap();
    store
        .put("athena", "results/q-1_1.gz", gzip("3,Edsger\n"))
        .unwrap();
    let reader = r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"ManifestType": "ATHENA_DATA", "InputType": "CSV",
                         "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["id", "name"]},
        "Parameters": {"Bucket": "athena", "Key": "results/q-1-manifest.csv"}},"#;
    let run = run_with_store(&distributed(reader, "", ""), &store);
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(json!([
            {"id": "1", "name": "Ada"},
            {"id": "2", "name": "Grace"},
            {"id": "3", "name": "Edsger"}
        ]))
    );
    // A line that is not an S3 URI fails the reader, naming it.
    store
        .put("athena", "results/q-2-manifest.csv", "results/q-1_0.gz\n")
        .unwrap();
    let broken = reader.replace("q-1-manifest", "q-2-manifest");
    let run = run_with_store(&distributed(&broken, "", ""), &store);
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    assert!(
        run.cause
            .as_deref()
            .unwrap_or_default()
            .contains("s3://BUCKET/KEY"),
        "{:?}",
        run.cause
    );
}

#[test]
fn a_task_failure_sent_without_error_or_cause_is_caught_by_states_all_with_null_fields() {
    // As AWS recorded it (LocalStack's test_callback snapshot,
    // `test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_WAIT_FOR_TASK_TOKEN_CATCH]`,
    // validated on AWS on 2024-04-29): no `error` nor `cause` in `TaskFailed`, the Catcher on
    // `States.Runtime` does not match, the one on `States.ALL` does, with
    // `{"Error": null, "Cause": null}`.
    let m = machine(&format!(
        r#"{{"StartAt": "SendMessageWithWait", "States": {{
            "SendMessageWithWait": {{"Type": "Task", "Resource": "{SQS_CALLBACK}",
                "Parameters": {{"QueueUrl.$": "$.QueueUrl", "MessageBody": {{"Context.$": "$", "TaskToken.$": "$$.Task.Token"}}}},
                "Catch": [
                    {{"ErrorEquals": ["States.Runtime"], "ResultPath": "$.states_runtime_error", "Next": "CaughtRuntimeError"}},
                    {{"ErrorEquals": ["States.ALL"], "ResultPath": "$.states_all_error", "Next": "CaughtStatesALL"}}],
                "End": true}},
            "CaughtRuntimeError": {{"Type": "Pass", "End": true}},
            "CaughtStatesALL": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let input = json!({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "Message": "test_message_txt"});
    let execution = blocking::start(Engine::new().machine(&m).input(input.clone())).unwrap();
    let task = execution.next_task().unwrap();
    execution
        .send_task_failure(&task.task_token, None, None)
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.states.last().map(String::as_str),
        Some("CaughtStatesALL")
    );
    let mut expected = input;
    expected["states_all_error"] = json!({"Error": null, "Cause": null});
    assert_eq!(run.output, Some(expected));
    let failed = event_json(&run, "TaskFailed");
    assert_eq!(
        failed["taskFailedEventDetails"],
        json!({"resource": "sendMessage.waitForTaskToken", "resourceType": "sqs"})
    );
    // With an error and no cause, the error is matched as any other, its cause null.
    let execution = started_approval("", 1);
    let task = execution.next_task().unwrap();
    execution
        .send_task_failure(&task.task_token, ErrorName::from("Rejected"), None)
        .unwrap();
    let run = execution.wait().unwrap();
    assert_eq!(
        run.output,
        Some(json!({"order": 1, "rejection": {"Error": "Rejected", "Cause": null}}))
    );
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_parquet_feature_a_parquet_object_fails_the_reader_naming_the_feature() {
    let store = ObjectStore::new();
    store
        .put("data", "orders.parquet", b"PAR1\0\0\0\0PAR1")
        .unwrap();
    let m = distributed(&get_object("PARQUET", "", "orders.parquet"), "", "");
    let run = run_with_store(&m, &store);
    assert_eq!(run.error, Some(ErrorName::ItemReaderFailed));
    let cause = run.cause.unwrap_or_default();
    assert!(cause.contains("`parquet` feature"), "{cause}");
}
