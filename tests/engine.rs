//! The local engine's semantics, with handlers, mocks and the virtual clock.

use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use workflow_runtime::asl::ErrorName;
use workflow_runtime::asl::StateMachine;
use workflow_runtime::asl::json::MAX_DEPTH;
use workflow_runtime::aws_models::{FieldValidationMode, ResourceType, StatesArn};
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{
    Engine, EngineError, MockConfig, TaskCall, TaskFailure, TaskOutput,
};
use workflow_runtime::execution::ExecutionStatus;
use workflow_runtime::execution::api::HistoryEventType;
use workflow_runtime::pictures::WorkflowPictures;

fn machine(text: &str) -> StateMachine {
    StateMachine::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

const LAMBDA: &str = "arn:aws:states:::lambda:invoke";

/// A DynamoDB item: attribute values.
static ITEM: std::sync::LazyLock<Value> = std::sync::LazyLock::new(
    || json!({"k": {"S": "v"}, "List": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}}),
);

#[test]
fn runs_the_jsonpath_pipeline() {
    let m = machine(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
            "InputPath": "$.request", "Parameters": {"Key.$": "$.id", "TableName": "orders", "ProjectionExpression.$": "$$.State.Name"},
            "ResultSelector": {"item.$": "$.Item", "count.$": "States.ArrayLength($.Item.List.L)"},
            "ResultPath": "$.result", "OutputPath": "$.result", "End": true}}}"#,
    );
    let seen = Arc::new(std::sync::Mutex::new(Value::Null));
    let seen2 = Arc::clone(&seen);
    // The pipeline, not the result check (the item's attribute values, as DynamoDB answers).
    let engine = Engine::new()
        .field_validation(FieldValidationMode::None)
        .handler(
            "arn:aws:states:::dynamodb:getItem",
            move |call: TaskCall| {
                *seen2.lock().unwrap() = call.input.clone();
                async move { Ok::<_, TaskFailure>(json!({"Item": ITEM.clone()})) }
            },
        );
    let run = blocking::run(
        engine
            .machine(&m)
            .input(json!({"request": {"id": 7}, "other": true})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(run.output, Some(json!({"item": *ITEM, "count": 3})));
    assert_eq!(
        *seen.lock().unwrap(),
        json!({"Key": 7, "TableName": "orders", "ProjectionExpression": "T"})
    );
    let types: Vec<String> = run
        .history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let json = run.history_json();
    assert_eq!(json[1]["stateEnteredEventDetails"]["name"], "T");
    assert_eq!(
        json[2]["taskScheduledEventDetails"]["resourceType"],
        "dynamodb"
    );
    assert_eq!(json[2]["previousEventId"], 2);
}

#[test]
fn retries_with_backoff_on_the_virtual_clock_then_catches() {
    let m = machine(&format!(
        r#"{{"StartAt": "T", "States": {{
            "T": {{"Type": "Task", "Resource": "{LAMBDA}", "Parameters": {{"FunctionName": "flaky", "Payload.$": "$"}},
                  "Retry": [{{"ErrorEquals": ["Flaky"], "IntervalSeconds": 10, "BackoffRate": 2, "MaxAttempts": 3}}],
                  "Catch": [{{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}}], "End": true}},
            "Handled": {{"Type": "Pass", "End": true}}}}}}"#
    ));
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let engine = Engine::new().lambda("flaky", move |_: Value| {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Err::<Value, _>(TaskFailure::new("Flaky", "try again")) }
    });
    let started = std::time::Instant::now();
    let run = blocking::run(engine.machine(&m).input(json!({"x": 1}))).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "virtual time: no real waiting"
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        4,
        "one call and three retries"
    );
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"x": 1, "error": {"Error": "Flaky", "Cause": "try again"}}))
    );
    // 10 + 20 + 40 seconds of back-off passed on the virtual clock.
    let first = run.history.first().unwrap().timestamp_millis;
    let last = run.history.last().unwrap().timestamp_millis;
    assert_eq!(last - first, 70_000);
}

#[test]
fn states_all_does_not_catch_runtime_errors_and_missing_handlers_name_the_resource() {
    let m = machine(&format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{LAMBDA}", "Parameters": {{"FunctionName": "nobody"}},
            "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "H"}}], "End": true}}, "H": {{"Type": "Succeed"}}}}}}"#
    ));
    let run = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Runtime));
    assert!(run.cause.unwrap().contains(LAMBDA));
}

#[test]
fn mocked_responses_follow_the_invocation_index() {
    let m = machine(&format!(
        r#"{{"StartAt": "Charge", "States": {{"Charge": {{"Type": "Task", "Resource": "{LAMBDA}",
            "Parameters": {{"FunctionName": "charge"}},
            "Retry": [{{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}}], "End": true}}}}}}"#
    ));
    let config = MockConfig::from_value(&json!({
        "StateMachines": {"Checkout": {"TestCases": {"Throttled": {"Charge": "SlowThenOk"}}}},
        "MockedResponses": {"SlowThenOk": {
            "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
            "2": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}
        }}
    }))
    .unwrap();
    let engine = Engine::new()
        .mocks(&config, "Checkout", "Throttled")
        .unwrap();
    let run = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    assert_eq!(
        run.output,
        Some(json!({"StatusCode": 200, "Payload": {"charged": true}}))
    );
    let failed = run
        .history
        .iter()
        .filter(|e| e.kind.event_type() == HistoryEventType::TaskFailed)
        .count();
    assert_eq!(failed, 2);
    assert!(
        matches!(Engine::new().mocks(&config, "Checkout", "Nope"), Err(e) if e.message.contains("Nope"))
    );
}

#[test]
fn parallel_and_map_run_branches_and_items() {
    let m = machine(
        r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 5, "End": true}}}
            ], "ResultPath": "$.parallel", "Next": "M"},
            "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                  "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                  "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Pass",
                      "Parameters": {"doubled.$": "States.MathAdd($.value, $.value)", "index.$": "$.index"}, "End": true}}},
                  "ResultPath": "$.mapped", "End": true}
        }}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({"items": [1, 2, 3]}))).unwrap();
    assert_eq!(
        run.status,
        ExecutionStatus::Succeeded,
        "{:?} {:?}",
        run.error,
        run.cause
    );
    let out = run.output.unwrap();
    assert_eq!(out["parallel"], json!(["a", {"items": [1, 2, 3]}]));
    assert_eq!(
        out["mapped"],
        json!([{"doubled": 2, "index": 0}, {"doubled": 4, "index": 1}, {"doubled": 6, "index": 2}])
    );
    assert_eq!(run.states.iter().filter(|s| *s == "Double").count(), 3);
    let types: Vec<String> = run
        .history
        .iter()
        .map(|e| e.kind.event_type().to_string())
        .collect();
    for t in [
        "ParallelStateStarted",
        "ParallelStateSucceeded",
        "MapStateStarted",
        "MapIterationStarted",
        "MapIterationSucceeded",
        "MapStateSucceeded",
    ] {
        assert!(types.iter().any(|x| x == t), "{t} missing from {types:?}");
    }
}

#[test]
fn a_failing_branch_fails_the_parallel_state_and_can_be_caught() {
    let m = machine(
        r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Branches": [
                {"StartAt": "Ok", "States": {"Ok": {"Type": "Succeed"}}},
                {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom", "Cause": "branch 2"}}}
            ], "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": "$.caught", "Next": "Done"}], "End": true},
            "Done": {"Type": "Succeed"}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
    assert_eq!(
        run.output,
        Some(json!({"caught": {"Error": "Boom", "Cause": "branch 2"}}))
    );
}

#[test]
fn choice_no_match_is_states_no_choice_matched() {
    let m = machine(
        r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "S"}]}, "S": {"Type": "Succeed"}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({"n": 2}))).unwrap();
    assert_eq!(run.error, Some(ErrorName::NoChoiceMatched));
}

#[test]
fn variables_are_assigned_after_the_state_and_scoped() {
    let m = machine(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"count": 1, "name.$": "$.name"}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"count.$": "$count", "name.$": "$name"}, "Assign": {"count.$": "States.MathAdd($count, 1)"}, "Next": "C"},
            "C": {"Type": "Pass", "Parameters": {"before.$": "$.count", "now.$": "$count"}, "End": true}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({"name": "n"}))).unwrap();
    assert_eq!(run.output, Some(json!({"before": 1, "now": 2})));
}

#[test]
fn jsonata_states_evaluate_arguments_output_and_assign() {
    let m = machine(&format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "T", "States": {{
            "T": {{"Type": "Task", "Resource": "{LAMBDA}", "Arguments": {{"FunctionName": "sum", "Payload": {{"xs": "{{% $states.input.xs %}}"}}}},
                  "Assign": {{"total": "{{% $states.result.Payload %}}"}}, "Output": {{"sum": "{{% $states.result.Payload %}}"}}, "Next": "C"}},
            "C": {{"Type": "Choice", "Choices": [{{"Condition": "{{% $total > 5 %}}", "Next": "Big"}}], "Default": "Small"}},
            "Big": {{"Type": "Succeed", "Output": {{"big": "{{% $total %}}"}}}},
            "Small": {{"Type": "Succeed"}}}}}}"#
    ));
    let engine = Engine::new().lambda("sum", |p: Value| async move {
        Ok::<_, TaskFailure>(json!(
            p["xs"]
                .as_array()
                .map_or(0, |a| a.iter().filter_map(Value::as_i64).sum::<i64>())
        ))
    });
    let run = blocking::run(engine.machine(&m).input(json!({"xs": [1, 2, 3]}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!({"big": 6})));
    assert_eq!(run.states, ["T", "C", "Big"]);
}

#[test]
fn task_timeouts_use_the_declared_duration_on_the_virtual_clock() {
    let m = machine(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "TimeoutSeconds": 60,
            "Parameters": {"JobName": "nightly", "JobQueue": "queue", "JobDefinition": "definition"}, "End": true}}}"#,
    );
    let engine = Engine::new().handler(
        "arn:aws:states:::batch:submitJob.sync",
        |_call: TaskCall| async {
            Ok::<_, TaskFailure>(TaskOutput::after(
                Duration::from_secs(3600),
                json!({"done": true}),
            ))
        },
    );
    let run = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.error, Some(ErrorName::Timeout));
    assert!(
        run.history
            .iter()
            .any(|e| e.kind.event_type() == HistoryEventType::TaskTimedOut)
    );
}

#[test]
fn the_machine_timeout_times_the_execution_out() {
    let m = machine(
        r#"{"StartAt": "W", "TimeoutSeconds": 10, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::TimedOut);
    assert_eq!(
        run.history.last().unwrap().kind.event_type(),
        HistoryEventType::ExecutionTimedOut
    );
}

#[test]
fn the_history_limit_fails_endless_loops() {
    let m = machine(
        r#"{"StartAt": "L", "States": {"L": {"Type": "Pass", "Next": "L2"}, "L2": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "E"}], "Default": "L"}, "E": {"Type": "Succeed"}}}"#,
    );
    let run = blocking::run(
        Engine::new()
            .history_limit(Some(100))
            .machine(&m)
            .input(json!({})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::Runtime));
    assert_eq!(
        run.cause.as_deref(),
        Some("The execution reached the maximum number of history events (100).")
    );
    // The failure takes the last place: the history holds exactly the limit.
    assert_eq!(run.history.len(), 100);
    assert_eq!(run.history.last().map(|e| e.id), Some(100));
}

/// AWS's last two events of a Choice looping on itself until the history is full, as
/// `get-execution-history --reverse-order --max-items 2` answered (floci-io/floci issue #2734,
/// recorded on AWS in August 2026), timestamps left out.
const AWS_FULL_HISTORY_TAIL: &str = r#"[
  {"type": "ExecutionFailed", "id": 25000, "previousEventId": 24999,
   "executionFailedEventDetails": {"error": "States.Runtime",
     "cause": "The execution reached the maximum number of history events (25000)."}},
  {"type": "ChoiceStateExited", "id": 24999, "previousEventId": 24998,
   "stateExitedEventDetails": {"name": "Loop", "output": "{\"spin\":true}",
     "outputDetails": {"truncated": false}}}
]"#;

#[test]
fn a_full_history_ends_at_event_25000_as_aws_records_it() {
    // The recorded machine's shape: a Choice that always goes back to itself.
    let m = machine(
        r#"{"StartAt": "Loop", "States": {"Loop": {"Type": "Choice", "Choices": [{"Variable": "$.spin", "BooleanEquals": false, "Next": "Done"}], "Default": "Loop"}, "Done": {"Type": "Succeed"}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({"spin": true}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    let tail: Vec<Value> = run
        .history
        .iter()
        .rev()
        .take(2)
        .map(|e| {
            let mut v = serde_json::to_value(e.to_api()).unwrap();
            if let Some(o) = v.as_object_mut() {
                o.remove("timestamp");
            }
            v
        })
        .collect();
    let aws: Vec<Value> = serde_json::from_str(AWS_FULL_HISTORY_TAIL).unwrap();
    assert_eq!(tail, aws);
}

#[test]
fn a_jsonata_expression_whose_work_is_past_the_limits_fails_the_state_at_once() {
    // Each would hold more than the memory limit or recurse without end: the evaluator admits
    // its work before doing it (`workflow_jsonata`'s `eval::work`), so the run fails at once
    // with AWS's limit, where `$formatInteger(1e20, 'I')` once ran for minutes past 3 GB.
    for (expression, limit) in [
        ("$formatInteger(1e20, 'I')", "memory limit exceeded"),
        ("$pad('x', 1e12)", "memory limit exceeded"),
        ("$formatInteger(1/0, 'w')", "Stack overflow"),
    ] {
        let m = machine(&format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "P", "States": {{"P": {{"Type": "Pass", "Output": "{{% {expression} %}}", "End": true}}}}}}"#
        ));
        let run = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
        assert_eq!(run.status, ExecutionStatus::Failed, "{expression}");
        assert_eq!(
            run.error,
            Some(ErrorName::QueryEvaluationError),
            "{expression}"
        );
        let cause = run.cause.unwrap_or_default();
        assert!(cause.contains(limit), "{expression}: {cause}");
    }
}

#[test]
fn invalid_definitions_and_oversized_inputs_are_refused() {
    let m = machine(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#);
    assert!(
        matches!(blocking::run(Engine::new().machine(&m).input(json!({}))), Err(EngineError::InvalidDefinition(d)) if d[0].pointer.as_str() == "/States/A/Next")
    );
    let ok = machine(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#);
    let big = json!({"blob": "x".repeat(300 * 1024)});
    assert!(matches!(
        blocking::run(Engine::new().machine(&ok).input(big)),
        Err(EngineError::InputTooLarge(_))
    ));
}

#[test]
fn seeded_randomness_is_deterministic() {
    let m = machine(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()", "n.$": "States.MathRandom(1, 1000)"}, "End": true}}}"#,
    );
    let a = blocking::run(Engine::new().seed(7).machine(&m).input(json!({})))
        .unwrap()
        .output;
    let b = blocking::run(Engine::new().seed(7).machine(&m).input(json!({})))
        .unwrap()
        .output;
    let c = blocking::run(Engine::new().seed(8).machine(&m).input(json!({})))
        .unwrap()
        .output;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_hello_world_example_takes_both_paths() {
    let m = machine(include_str!("../examples/hello_world.asl.json"));
    let engine = Engine::new().lambda("MyLambda", |event: Value| async move {
        let input = event["input"].as_str().unwrap_or_default().to_owned();
        Ok::<_, TaskFailure>(
            json!({"statusCode": 200, "input": input, "output": "SGVsbG9Xb3JsZA=="}),
        )
    });
    let happy = blocking::run(
        engine
            .machine(&m)
            .input(json!({"IsHelloWorldExample": true})),
    )
    .unwrap();
    assert_eq!(happy.status, ExecutionStatus::Succeeded);
    assert_eq!(
        happy.states,
        [
            "MyPassState",
            "Is this Hello World example?",
            "Wait for 3 seconds",
            "MyParallelState",
            "Hello",
            "World",
            "Convert HelloWorld to Base64",
            "HelloWorldSuccessful"
        ]
    );
    assert_eq!(
        happy.output.unwrap()["Payload"]["output"],
        "SGVsbG9Xb3JsZA=="
    );
    let sad = blocking::run(
        engine
            .machine(&m)
            .input(json!({"IsHelloWorldExample": false})),
    )
    .unwrap();
    assert_eq!(sad.status, ExecutionStatus::Failed);
    assert_eq!(
        sad.states,
        [
            "MyPassState",
            "Is this Hello World example?",
            "HelloWorldFailed"
        ]
    );
    // A failing Lambda is retried twice (15 s, then 60 s of virtual time) and then caught.
    let failing = Engine::new().lambda("MyLambda", |_: Value| async {
        Err::<Value, _>(TaskFailure::new("Lambda.Unknown", "boom"))
    });
    let caught = blocking::run(
        failing
            .machine(&m)
            .input(json!({"IsHelloWorldExample": true})),
    )
    .unwrap();
    assert_eq!(
        caught.states.last().map(String::as_str),
        Some("LambdaTaskFailed")
    );
    assert_eq!(
        caught
            .history
            .iter()
            .filter(|e| e.kind.event_type() == HistoryEventType::TaskFailed)
            .count(),
        3
    );
}

#[test]
fn the_trace_shows_every_pipeline_step() {
    let m = machine(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
            "InputPath": "$.request", "Parameters": {"Key.$": "$.id", "TableName": "t"}, "ResultSelector": {"item.$": "$.Item"},
            "ResultPath": "$.result", "OutputPath": "$.result", "End": true}}}"#,
    );
    let engine = Engine::new()
        .field_validation(FieldValidationMode::None)
        .trace(true)
        .handler(
            "arn:aws:states:::dynamodb:getItem",
            |_call: TaskCall| async { Ok::<_, TaskFailure>(json!({"Item": 1})) },
        );
    let run = blocking::run(engine.machine(&m).input(json!({"request": {"id": 7}}))).unwrap();
    let trace = &run.trace[0];
    let steps: Vec<(&str, Value)> = trace.steps.iter().map(|(k, v)| (*k, v.clone())).collect();
    assert_eq!(
        steps,
        [
            ("InputPath", json!({"id": 7})),
            ("Parameters", json!({"Key": 7, "TableName": "t"})),
            ("Result", json!({"Item": 1})),
            ("ResultSelector", json!({"item": 1})),
            (
                "ResultPath",
                json!({"request": {"id": 7}, "result": {"item": 1}})
            ),
        ]
    );
    assert_eq!(trace.output, json!({"item": 1}));
}

workflow_runtime::workflow! {
    /// The seeds' hello world, read from its ASL file when this test crate is compiled.
    pub HelloFromFile from "../examples/hello_world.asl.json";
}

#[test]
fn a_workflow_read_from_an_asl_file_is_the_file_and_runs() {
    let file: Value = serde_json::from_str(include_str!("../examples/hello_world.asl.json"))
        .expect("the example's ASL is JSON");
    let compiled: Value = serde_json::from_str(HelloFromFile::ASL).expect("ASL is JSON");
    assert_eq!(compiled, file);
    let engine = Engine::new().lambda("MyLambda", |event: Value| async move {
        Ok::<_, TaskFailure>(event)
    });
    let run = blocking::run(
        engine
            .machine(&HelloFromFile::definition())
            .input(json!({"IsHelloWorldExample": false})),
    )
    .unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(
        run.states,
        [
            "MyPassState",
            "Is this Hello World example?",
            "HelloWorldFailed"
        ]
    );
}

/// A definition whose only Task catches every error: a panic in its handler must still reach
/// the test (issue 25, friction 2).
fn catch_all_machine() -> StateMachine {
    machine(&format!(
        r#"{{"StartAt": "Boom", "States": {{
            "Boom": {{"Type": "Task", "Resource": "{LAMBDA}", "Parameters": {{"FunctionName": "boom"}},
                      "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Caught"}}], "End": true}},
            "Caught": {{"Type": "Pass", "End": true}}}}}}"#
    ))
}

#[test]
fn a_panic_in_a_handler_fails_the_test_even_under_a_catch_all() {
    let m = catch_all_machine();
    let engine = Engine::new().lambda("boom", |_: Value| async move {
        assert_eq!(1 + 1, 3, "the fake Lambda's own assertion");
        Ok::<_, TaskFailure>(json!(1))
    });
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        blocking::run(engine.machine(&m).input(json!({})))
    }));
    let payload = unwound.expect_err("the handler's panic must unwind into the test");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("the fake Lambda's own assertion"),
        "{message}"
    );
}

#[test]
fn a_panic_before_the_handlers_future_also_fails_the_test() {
    let m = catch_all_machine();
    let engine = Engine::new().lambda(
        "boom",
        |_: Value| -> std::future::Ready<Result<Value, TaskFailure>> {
            panic!("panicked while building the future")
        },
    );
    let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        blocking::run(engine.machine(&m).input(json!({})))
    }));
    assert!(unwound.is_err(), "the panic must unwind into the test");
}

#[test]
fn with_panics_fail_tasks_a_panicking_handler_fails_its_task_and_the_engine_goes_on() {
    let m = catch_all_machine();
    let engine = Engine::new()
        .panics_fail_tasks(true)
        .lambda("boom", |_: Value| async move {
            if true {
                panic!("the handler broke");
            }
            Ok::<_, TaskFailure>(json!(1))
        });
    let run = blocking::run(engine.machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(run.states, ["Boom", "Caught"]);
    let output = run.output.unwrap_or_default();
    assert_eq!(output["Error"], "States.TaskFailed");
    assert!(
        output["Cause"]
            .as_str()
            .unwrap_or_default()
            .contains("panicked: the handler broke"),
        "{output}"
    );
    // The same engine runs again.
    assert_eq!(
        blocking::run(engine.machine(&m).input(json!({})))
            .unwrap()
            .status,
        ExecutionStatus::Succeeded
    );
}

#[test]
fn a_template_stops_building_at_the_payload_limit() {
    // `Parameters` copying a 1 KiB input 3,000 times would build 3 MB: the state fails with
    // States.DataLimitExceeded as soon as it passes 256 KiB, naming the state, and nothing
    // catches it.
    let copies: serde_json::Map<String, Value> =
        (0..3000).map(|i| (format!("k{i}.$"), json!("$"))).collect();
    let definition = json!({"StartAt": "Copy", "States": {
        "Copy": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "f", "Payload": copies}, "Next": "Done",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}});
    let m = machine(&definition.to_string());
    let input = json!({"text": "x".repeat(1024)});
    let calls = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&calls);
    let engine = Engine::new().lambda("f", move |event: Value| {
        counted.fetch_add(1, Ordering::SeqCst);
        async move { Ok::<_, TaskFailure>(event) }
    });
    let run = blocking::run(engine.machine(&m).input(input.clone())).unwrap();
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "the function is never called"
    );
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::DataLimitExceeded));
    assert_eq!(
        run.cause.as_deref(),
        Some(
            "The state/task 'Copy' returned a result with a size exceeding the maximum number of bytes service limit."
        )
    );
    assert_eq!(run.states, ["Copy"]);
    // 200 copies (about 206 KiB) fit.
    let few: serde_json::Map<String, Value> =
        (0..200).map(|i| (format!("k{i}.$"), json!("$"))).collect();
    let fits = machine(
        &json!({"StartAt": "Copy", "States": {"Copy": {"Type": "Pass", "Parameters": few, "End": true}}})
            .to_string(),
    );
    let run = blocking::run(Engine::new().machine(&fits).input(input.clone())).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    // An Assign template may build more (variables share 10 MiB), but each variable is held to
    // 256 KiB with the service's own message.
    let big: serde_json::Map<String, Value> =
        (0..300).map(|i| (format!("k{i}.$"), json!("$"))).collect();
    let assign = machine(
        &json!({"StartAt": "Set", "States": {"Set": {"Type": "Pass", "Assign": {"big": big}, "End": true}}})
            .to_string(),
    );
    let run = blocking::run(Engine::new().machine(&assign).input(input)).unwrap();
    assert_eq!(run.error, Some(ErrorName::DataLimitExceeded));
    assert_eq!(
        run.cause.as_deref(),
        Some(
            "The variable 'big' assigned by the state 'Set' is larger than the maximum of 262144 bytes."
        )
    );
}

#[test]
fn data_nested_past_the_engines_bound_fails_like_data_over_the_size_limit() {
    // A ResultPath 50,000 levels deep: refused before the value is built.
    let path = format!("${}", ".a".repeat(50_000));
    let deep = machine(
        &json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "ResultPath": path, "End": true}}})
            .to_string(),
    );
    let run = blocking::run(Engine::new().machine(&deep).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(run.error, Some(ErrorName::DataLimitExceeded));
    // A loop that nests its data one level deeper each time stops at the bound.
    let nest = machine(
        r#"{"StartAt": "Nest", "States": {
            "Nest": {"Type": "Pass", "Parameters": {"prev.$": "$"}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "Nest"},
            "Done": {"Type": "Succeed"}}}"#,
    );
    let run = blocking::run(Engine::new().machine(&nest).input(json!({}))).unwrap();
    assert_eq!(run.error, Some(ErrorName::DataLimitExceeded));
    // An input nested as deep as JSON may runs; one level more is refused before it starts.
    let nested = |levels: usize| {
        let mut input = json!(1);
        for _ in 0..levels {
            input = Value::Array(vec![input]);
        }
        input
    };
    let pass = machine(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#);
    let run = blocking::run(Engine::new().machine(&pass).input(nested(MAX_DEPTH))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(run.output, Some(nested(MAX_DEPTH)));
    let refused = blocking::run(Engine::new().machine(&pass).input(nested(MAX_DEPTH + 1)));
    assert!(matches!(refused, Err(EngineError::InputTooDeep(MAX_DEPTH))));
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("at most 1000 levels")
    );
}

#[test]
fn a_thousand_concurrent_executions_on_one_engine_lose_and_mix_up_nothing() {
    let m = machine(&format!(
        r#"{{"StartAt": "Call", "States": {{
            "Call": {{"Type": "Task", "Resource": "{LAMBDA}", "Parameters": {{"FunctionName": "double", "Payload.$": "$"}},
                      "ResultSelector": {{"n.$": "$.Payload.n"}}, "Next": "Wait"}},
            "Wait": {{"Type": "Wait", "Seconds": 5, "End": true}}}}}}"#
    ));
    let engine = Engine::new().lambda("double", |event: Value| async move {
        tokio::task::yield_now().await;
        let n = event["n"].as_i64().unwrap_or(-1);
        Ok::<_, TaskFailure>(json!({"n": n * 2}))
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("a runtime");
    let outputs: Vec<Value> = runtime.block_on(async {
        let runs = (0..1_000i64).map(|n| {
            let engine = engine.clone();
            let m = m.clone();
            tokio::spawn(async move { engine.machine(&m).input(json!({"n": n})).run().await })
        });
        let mut outputs = Vec::new();
        for run in futures::future::join_all(runs).await {
            let execution = run.expect("the task ran").expect("the execution ran");
            assert_eq!(
                execution.status,
                ExecutionStatus::Succeeded,
                "{:?} {:?}",
                execution.error,
                execution.cause
            );
            outputs.push(execution.output.unwrap_or_default());
        }
        outputs
    });
    for (n, output) in outputs.iter().enumerate() {
        assert_eq!(output["n"], json!(n as i64 * 2), "execution {n}");
    }
}

#[test]
fn a_blocking_run_inside_a_tokio_runtime_is_an_error_not_a_panic() {
    let m = machine(r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let engine = Engine::new();
    let inside = runtime.block_on(async { blocking::run(engine.machine(&m).input(json!({}))) });
    assert!(
        matches!(inside, Err(EngineError::InsideAsyncRuntime)),
        "{inside:?}"
    );
    // outside, the same call runs
    let outside = blocking::run(engine.machine(&m).input(json!({"x": 1}))).expect("runs");
    assert_eq!(outside.output, Some(json!({"x": 1})));
}

/// A Task that waits for its token, for the tests of where started executions run.
const ASKS: &str = r#"{"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}"#;

#[test]
fn a_start_outside_a_runtime_is_a_typed_error_naming_the_way_out() {
    let m = machine(ASKS);
    let outside = Engine::new().machine(&m).start();
    let Err(e) = outside else {
        panic!("started without a runtime");
    };
    assert!(matches!(e, EngineError::NoAsyncRuntime), "{e:?}");
    assert!(e.to_string().contains("blocking"), "{e}");
}

#[test]
fn a_start_inside_a_current_thread_runtime_is_a_task_of_that_runtime() {
    // The caller's runtime, one thread: the execution runs as its task, waits hold no thread,
    // and dropping a running execution never waits on the runtime's own thread.
    let m = machine(ASKS);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let engine = Engine::new();
    let done = runtime.block_on(async {
        let running = engine.machine(&m).start().expect("starts");
        let task = running.next_task().await.expect("a task waits");
        running
            .send_task_success(&task.task_token, r#"{"ok": true}"#)
            .expect("answered");
        let abandoned = engine.machine(&m).start().expect("starts");
        assert_eq!(abandoned.waiting_tasks().await.len(), 1);
        drop(abandoned);
        running.wait().await
    });
    let done = done.expect("ends");
    assert_eq!(done.status, ExecutionStatus::Succeeded);
    assert_eq!(done.output, Some(json!({"ok": true})));
}

#[test]
fn a_thousand_started_executions_are_tasks_of_the_callers_runtime_not_threads() {
    let m = machine(ASKS);
    let engine = Engine::new();
    let compiled = engine.compile(&m).expect("compiles");
    let runtime = blocking::Runtime::new().expect("a runtime");
    let threads = || {
        std::fs::read_dir("/proc/self/task")
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let before = threads();
    let running: Vec<_> = (0..1_000)
        .map(|_| runtime.start(engine.compiled(&compiled)).expect("starts"))
        .collect();
    for execution in &running {
        assert_eq!(execution.waiting_tasks().len(), 1);
    }
    // Other tests of this program start threads meanwhile: a thread per execution is far
    // beyond this.
    let during = threads();
    assert!(
        during < before + 100,
        "{before} threads, then {during} with 1,000 executions waiting"
    );
    for execution in running {
        let task = execution.next_task().expect("its task");
        execution
            .send_task_success(&task.task_token, "{}")
            .expect("answered");
        assert_eq!(
            execution.wait().expect("ends").status,
            ExecutionStatus::Succeeded
        );
    }
}

workflow_runtime::workflow! {
    /// A graph to draw.
    pub Drawn {
        "Check": choice {
            when $.n > 10 => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": fail;
    }
}

#[test]
fn the_mermaid_constant_is_the_graph_of_the_definition() {
    assert_eq!(
        Drawn::MERMAID,
        workflow_graph::to_mermaid(&Drawn::definition())
    );
    assert!(
        Drawn::MERMAID.contains("s0 --> s1 : $.n #gt; 10"),
        "{}",
        Drawn::MERMAID
    );
    assert!(
        Drawn::MERMAID.contains("s0 --> s2 : default"),
        "{}",
        Drawn::MERMAID
    );
    assert_eq!(Drawn::graph(), Drawn::MERMAID);
}

struct Broken;

impl workflow_runtime::Workflow for Broken {
    type Input = Value;
    type Output = Value;
    const NAME: &'static str = "Broken";
    const ASL: &'static str = r#"{"StartAt": "A", "States": {"A": {"Type": "Paws"}}}"#;
}

#[test]
fn a_definition_that_does_not_decode_runs_as_a_failure_that_says_why() {
    use workflow_runtime::Workflow;
    let machine = Broken::definition();
    assert_eq!(machine.start_at, "InvalidDefinition");
    let run = blocking::run(Engine::new().machine(&machine).input(json!({}))).expect("runs");
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(
        run.error,
        Some(ErrorName::from("Workflow.InvalidDefinition"))
    );
    let cause = run.cause.unwrap_or_default();
    assert!(
        cause.contains("the ASL of `Broken` does not decode"),
        "{cause}"
    );
    assert!(cause.contains("Paws"), "{cause}");
}

workflow_runtime::workflow! {
    Totals {
        input { items: [{ sku: string, price: number }] }
        "Count": pass { count: States.ArrayLength($.items), first: $.items[0] } -> "Check";
        "Check": choice {
            when $.count > 0 => "Done",
            otherwise => "Empty",
        }
        "Done": succeed;
        "Empty": fail(error = "Totals.Empty");
    }
}

#[test]
fn a_local_run_reads_its_output_as_the_generated_output_type() {
    use workflow_runtime::Workflow;
    use workflow_runtime::engine::OutputError;
    type Input = <Totals as Workflow>::Input;
    type Output = <Totals as Workflow>::Output;
    let input: Input = serde_json::from_value(json!({"items": [{"sku": "a", "price": 2.5}]}))
        .expect("the input type");
    let run = blocking::run(Engine::new().workflow::<Totals>().input(&input)).expect("runs");
    let output: Output = run.output_as().expect("the output has the generated type");
    assert_eq!(output.count, 1);
    assert_eq!(output.first.sku, "a");
    assert_eq!(output.first.price, 2.5);
    // A run that fails has no output, and says how it ended.
    let empty: Input = serde_json::from_value(json!({"items": []})).expect("the input type");
    let run = blocking::run(Engine::new().workflow::<Totals>().input(&empty)).expect("runs");
    match run.output_as::<Output>() {
        Err(OutputError::NotSucceeded { status, error, .. }) => {
            assert_eq!(status, ExecutionStatus::Failed);
            assert_eq!(error, Some(ErrorName::Runtime));
        }
        other => panic!("expected NotSucceeded, got {other:?}"),
    }
    // Any serde type reads it too; a type that does not fit is a Type error.
    let ok = blocking::run(Engine::new().workflow::<Totals>().input(&input)).expect("runs");
    assert!(matches!(
        ok.output_as::<Vec<u8>>(),
        Err(OutputError::Type(_))
    ));
}

/// `{% $states %}` holds the context object too: a state that reads `$states` whole reads it
/// (recorded on AWS: TestState's `Output: "{% $states %}"` answers `{input, context, result}`,
/// LocalStack's `test_state_configuration` snapshots).
#[test]
fn a_jsonata_state_reading_states_whole_sees_the_context() {
    let machine = StateMachine::from_json(
        r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
            "P": {"Type": "Pass", "Output": "{% $states %}", "End": true}}}"#,
    )
    .expect("decodes");
    let run = blocking::run(Engine::new().machine(&machine).input(json!({"a": 1}))).expect("runs");
    let output = run.output.expect("output");
    assert_eq!(output["input"], json!({"a": 1}));
    assert_eq!(output["context"]["State"]["Name"], "P");
    assert!(output["context"]["Execution"]["Id"].is_string(), "{output}");
}

#[test]
fn the_context_object_names_the_regions_partition() {
    // `cn-north-1` is in the `aws-cn` partition: the execution's and the state machine's ARNs
    // in `$$` say so, and read back as the execution of that machine.
    let m = machine(
        r#"{"StartAt":"Who","States":{"Who":{"Type":"Pass","End":true,
            "Parameters":{"execution.$":"$$.Execution.Id","machine.$":"$$.StateMachine.Id"}}}}"#,
    );
    let run = blocking::run(
        Engine::new()
            .region("cn-north-1")
            .account("210987654321")
            .state_machine_name("Orders")
            .machine(&m)
            .input(json!({}))
            .name("first"),
    )
    .unwrap();
    let output = run.output.unwrap();
    assert_eq!(
        output["execution"],
        "arn:aws-cn:states:cn-north-1:210987654321:execution:Orders:first"
    );
    assert_eq!(
        output["machine"],
        "arn:aws-cn:states:cn-north-1:210987654321:stateMachine:Orders"
    );
    let execution: StatesArn = output["execution"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        execution.state_machine().map(|m| m.to_string()).as_deref(),
        output["machine"].as_str()
    );
    // An EXPRESS execution's ARN too, the one `StartSyncExecution` answers.
    let express = blocking::run(
        Engine::new()
            .region("us-gov-west-1")
            .machine(&m)
            .input(json!({}))
            .sync_express(),
    )
    .unwrap()
    .response;
    let output: Value = serde_json::from_str(express.output.as_deref().unwrap()).unwrap();
    assert_eq!(output["execution"], express.execution_arn.to_string());
    let id: StatesArn = express.execution_arn.clone();
    assert_eq!(
        (id.partition.as_str(), id.kind()),
        ("aws-us-gov", ResourceType::Express)
    );
    assert_eq!(express.state_machine_arn, id.state_machine());
}

#[test]
fn an_execution_failed_by_a_fail_state_without_error_has_no_error() {
    // AWS writes `executionFailedEventDetails` without `error` then (LocalStack's
    // `test_state_fail_empty`, recorded on AWS): the history and the execution say `None`.
    let m = machine(r#"{"StartAt":"F","States":{"F":{"Type":"Fail","Cause":"why"}}}"#);
    let run = blocking::run(Engine::new().machine(&m).input(json!({}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!((run.error, run.cause.as_deref()), (None, Some("why")));
    let last = run.history.last().unwrap();
    assert_eq!(
        last.kind,
        workflow_runtime::execution::EventKind::ExecutionFailed {
            error: None,
            cause: "why".into()
        }
    );
    assert_eq!(last.kind.error(), None);
    assert_eq!(
        last.to_json()["executionFailedEventDetails"],
        json!({"cause": "why"})
    );
}

/// A state's `…StateExited` event names the variables its `Assign` set, each value as JSON
/// text (`StateExitedEventDetails.assignedVariables` and `assignedVariablesDetails` in the API
/// reference); a state that assigns nothing writes neither; a history read back keeps them.
#[test]
fn state_exited_events_carry_the_variables_the_state_assigned() {
    let m = machine(
        r#"{"StartAt": "Set", "States": {
            "Set": {"Type": "Pass", "Assign": {"count": 2, "who.$": "$.name"}, "Next": "Plain"},
            "Plain": {"Type": "Pass", "End": true}
        }}"#,
    );
    let run = blocking::run(Engine::new().machine(&m).input(json!({"name": "Ada"}))).unwrap();
    let exited: Vec<Value> = run
        .history
        .iter()
        .filter(|e| e.kind.event_type() == HistoryEventType::PassStateExited)
        .map(|e| e.to_json())
        .collect();
    assert_eq!(exited.len(), 2);
    let set = &exited[0]["stateExitedEventDetails"];
    assert_eq!(
        set["assignedVariables"],
        json!({"count": "2", "who": "\"Ada\""})
    );
    assert_eq!(set["assignedVariablesDetails"], json!({"truncated": false}));
    let plain = &exited[1]["stateExitedEventDetails"];
    assert!(plain.get("assignedVariables").is_none(), "{plain}");
    let read = workflow_runtime::execution::HistoryEvent::from_json(&exited[0]).unwrap();
    assert_eq!(read.to_json(), exited[0]);
}

/// An in-process Lambda function receives the event Lambda would parse from what Step
/// Functions sends: a string `Payload` is the event's JSON text (AWS's recording of
/// `test_invoke_json_values`: the string `"0.0"` reached an echoing function as the number
/// 0.0), any other value the event itself, and a string that is not JSON fails the Task as
/// Lambda refuses it (`Lambda.InvalidRequestContentException`), the function not called.
#[test]
fn a_lambda_function_receives_its_payload_as_lambda_parses_it() {
    let m = machine(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "echo", "Payload.$": "$.payload"}, "OutputPath": "$.Payload", "End": true}}}"#,
    );
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let engine = Engine::new().lambda("echo", move |event: Value| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move { Ok::<_, TaskFailure>(event) }
    });
    for (payload, event) in [
        (json!("0.0"), json!(0.0)),
        (json!("\"HelloWorld\""), json!("HelloWorld")),
        (json!("{\"n\": [1, 2]}"), json!({"n": [1, 2]})),
        (json!({"n": "text"}), json!({"n": "text"})),
        (json!(["a"]), json!(["a"])),
    ] {
        let run = blocking::run(
            engine
                .clone()
                .machine(&m)
                .input(json!({ "payload": payload })),
        )
        .unwrap();
        assert_eq!(
            run.status,
            ExecutionStatus::Succeeded,
            "{payload}: {:?}",
            run.cause
        );
        assert_eq!(run.output, Some(event), "{payload}");
    }
    let before = calls.load(Ordering::SeqCst);
    let run = blocking::run(engine.machine(&m).input(json!({"payload": "not JSON"}))).unwrap();
    assert_eq!(run.status, ExecutionStatus::Failed);
    assert_eq!(
        run.error,
        Some(ErrorName::from("Lambda.InvalidRequestContentException"))
    );
    assert_eq!(
        calls.load(Ordering::SeqCst),
        before,
        "the function is not called"
    );
}
