//! TestState on the engine (`Engine::test_state`): each field of the request, each status,
//! the inspection data, and TestState's own validation errors, as the Step Functions API
//! reference describes them.

use serde_json::json;
use workflow_runtime::aws_models::FieldValidationMode;
use workflow_runtime::engine::blocking;
use workflow_runtime::engine::{
    Engine, InspectionLevel, TestState, TestStateError, TestStateOutput, TestStatus,
};

/// TestState's answer to `request` (panics on a refusal); shared with
/// `engine_test_state_recorded`.
pub(crate) fn test(request: TestState) -> TestStateOutput {
    request
        .prepare()
        .and_then(|prepared| blocking::run(Engine::new().test_state(&prepared)))
        .unwrap_or_else(|e| panic!("TestState refused: {e}"))
}

/// TestState's refusal of `request` (panics on an answer).
pub(crate) fn refused(request: TestState) -> TestStateError {
    match request
        .prepare()
        .and_then(|prepared| blocking::run(Engine::new().test_state(&prepared)))
    {
        Ok(out) => panic!("TestState answered {out:?}; expected a refusal"),
        Err(e) => e,
    }
}

const CHARGE: &str = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "Charge", "Payload.$": "$.order"},
    "ResultSelector": {"ok.$": "$.Payload.ok"}, "ResultPath": "$.payment",
    "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2,
               "BackoffRate": 3, "MaxAttempts": 3}],
    "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Refund"}],
    "Next": "Ship"}"#;

#[test]
fn a_pass_state_succeeds_and_debug_shows_each_step_of_its_data_flow() {
    let state = r#"{"Type": "Pass", "InputPath": "$.order", "Parameters": {"id.$": "$.id"},
        "ResultPath": "$.copy", "OutputPath": "$.copy", "Next": "Done"}"#;
    let input = json!({"order": {"id": 7, "lines": 2}});
    let info = test(TestState::new(state).input(input.clone()));
    assert_eq!(info.status, TestStatus::Succeeded);
    assert_eq!(info.output, Some(json!({"id": 7})));
    assert_eq!(info.next_state.as_deref(), Some("Done"));
    assert_eq!(info.inspection_data, None, "INFO shows no inspection data");
    let debug = test(
        TestState::new(state)
            .input(input.clone())
            .inspection_level(InspectionLevel::Debug),
    );
    let data = debug
        .inspection_data
        .clone()
        .expect("inspection data at DEBUG");
    assert_eq!(data["input"], input);
    assert_eq!(data["afterInputPath"], json!({"id": 7, "lines": 2}));
    assert_eq!(data["afterParameters"], json!({"id": 7}));
    assert_eq!(
        data["afterResultPath"],
        // ResultPath places the result in the state's raw input, not InputPath's.
        json!({"order": {"id": 7, "lines": 2}, "copy": {"id": 7}})
    );
    // The API's shape: JSON values as text.
    let wire = debug.to_json();
    assert_eq!(wire["status"], "SUCCEEDED");
    assert_eq!(wire["output"], r#"{"id":7}"#);
    assert_eq!(wire["inspectionData"]["afterParameters"], r#"{"id":7}"#);
}

#[test]
fn a_mocked_task_result_goes_through_result_selector_and_result_path() {
    let out = test(
        TestState::new(CHARGE)
            .input(json!({"order": {"id": 1}}))
            .mock_result(json!({"Payload": {"ok": true}, "StatusCode": 200}))
            .inspection_level(InspectionLevel::Trace),
    );
    assert_eq!(out.status, TestStatus::Succeeded);
    assert_eq!(
        out.output,
        Some(json!({"order": {"id": 1}, "payment": {"ok": true}}))
    );
    assert_eq!(out.next_state.as_deref(), Some("Ship"));
    let data = out.inspection_data.expect("inspection data");
    assert_eq!(
        data["afterParameters"],
        json!({"FunctionName": "Charge", "Payload": {"id": 1}})
    );
    assert_eq!(
        data["result"],
        json!({"Payload": {"ok": true}, "StatusCode": 200})
    );
    assert_eq!(data["afterResultSelector"], json!({"ok": true}));
}

#[test]
fn a_mocked_result_is_checked_against_the_integrations_shape_unless_told_not_to() {
    // lambda:invoke's StatusCode is an integer.
    let wrong = json!({"Payload": {"ok": true}, "StatusCode": "two hundred"});
    // TestState refuses the request, in AWS's words (recorded on AWS: LocalStack's
    // `test_field_validation_mode` snapshots, `wrong_integer_type_string`).
    let strict = refused(
        TestState::new(CHARGE)
            .input(json!({"order": {}}))
            .mock_result(wrong.clone()),
    );
    assert!(
        matches!(&strict, TestStateError::Validation(m)
            if m == "Mock result schema validation error: Field 'StatusCode' must be a number"),
        "{strict}"
    );
    // PRESENT checks only what is there; STRICT wants the required fields too.
    let sfn = r#"{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:m"},
        "End": true}"#;
    let missing =
        refused(TestState::new(sfn).mock_result(json!({"StartDate": "2025-11-13T17:07:52Z"})));
    assert!(
        matches!(&missing, TestStateError::Validation(m)
            if m == "Mock result schema validation error: Required field 'ExecutionArn' is missing"),
        "{missing}"
    );
    let present = test(
        TestState::new(sfn)
            .mock_result(json!({"StartDate": "2025-11-13T17:07:52Z"}))
            .field_validation(FieldValidationMode::Present),
    );
    assert_eq!(present.status, TestStatus::Succeeded);
    let timestamp = refused(
        TestState::new(sfn)
            .mock_result(json!({"ExecutionArn": "a", "StartDate": true}))
            .field_validation(FieldValidationMode::Present),
    );
    assert!(
        matches!(&timestamp, TestStateError::Validation(m)
            if m == "Mock result schema validation error: Field 'StartDate' must be a string"),
        "{timestamp}"
    );
    let unchecked = test(
        TestState::new(CHARGE)
            .input(json!({"order": {}}))
            .mock_result(wrong)
            .field_validation(FieldValidationMode::None),
    );
    assert_eq!(unchecked.status, TestStatus::Succeeded);
}

#[test]
fn a_retriable_error_names_its_retrier_and_the_pause_before_the_retry() {
    let out = test(
        TestState::new(CHARGE)
            .input(json!({"order": {}}))
            .mock_error("Lambda.TooManyRequestsException", "slow down")
            .retrier_retry_count(2)
            .inspection_level(InspectionLevel::Debug),
    );
    assert_eq!(out.status, TestStatus::Retriable);
    assert_eq!(
        (
            out.error
                .as_ref()
                .map(workflow_runtime::asl::ErrorName::as_str),
            out.cause.as_deref()
        ),
        (Some("Lambda.TooManyRequestsException"), Some("slow down"))
    );
    assert_eq!(out.next_state, None);
    let data = out.inspection_data.expect("inspection data");
    // IntervalSeconds 2 × BackoffRate 3 ^ 2 retries so far.
    assert_eq!(
        data["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 18})
    );
}

#[test]
fn once_the_retries_are_spent_a_catcher_catches_the_error() {
    let out = test(
        TestState::new(CHARGE)
            .input(json!({"order": {}}))
            .mock_error("Lambda.TooManyRequestsException", "slow down")
            .retrier_retry_count(3)
            .inspection_level(InspectionLevel::Debug),
    );
    assert_eq!(out.status, TestStatus::CaughtError);
    assert_eq!(out.next_state.as_deref(), Some("Refund"));
    assert_eq!(
        out.output,
        Some(
            json!({"order": {}, "failure": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}})
        )
    );
    assert_eq!(
        out.inspection_data.expect("data")["errorDetails"],
        json!({"catchIndex": 0})
    );
}

#[test]
fn an_unhandled_error_fails_and_a_fail_state_fails_with_its_error() {
    let state = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "F"}, "End": true}"#;
    let out = test(TestState::new(state).mock_error("Boom", "bang"));
    assert_eq!(
        (
            out.status,
            out.error
                .as_ref()
                .map(workflow_runtime::asl::ErrorName::as_str),
            out.cause.as_deref(),
            out.output
        ),
        (TestStatus::Failed, Some("Boom"), Some("bang"), None)
    );
    let fail = test(TestState::new(
        r#"{"Type": "Fail", "Error": "Bad", "Cause": "worse"}"#,
    ));
    assert_eq!(
        (
            fail.status,
            fail.error
                .as_ref()
                .map(workflow_runtime::asl::ErrorName::as_str)
        ),
        (TestStatus::Failed, Some("Bad"))
    );
}

#[test]
fn a_failure_that_names_no_error_answers_no_error() {
    // A Fail state without `Error`: AWS writes no `error` (LocalStack's
    // `test_state_fail_empty`, recorded on AWS); the answer has none, not an empty name.
    let fail = test(TestState::new(r#"{"Type": "Fail", "Cause": "why"}"#));
    assert_eq!(
        (
            fail.status,
            fail.error
                .as_ref()
                .map(workflow_runtime::asl::ErrorName::as_str),
            fail.cause.as_deref()
        ),
        (TestStatus::Failed, None, Some("why"))
    );
    assert!(!fail.to_json().as_object().unwrap().contains_key("error"));
}

#[test]
fn a_prepared_request_is_decoded_and_validated_once_and_runs_as_often_as_asked() {
    // `prepare` decodes and validates; an invalid definition is refused there, before a run.
    let invalid = TestState::new(r#"{"Type": "Pass", "Next": 7}"#).prepare();
    assert!(matches!(invalid, Err(TestStateError::InvalidDefinition(_))));
    let prepared = TestState::new(CHARGE)
        .input(json!({"order": {"id": 7}}))
        .prepare()
        .unwrap();
    // An unmocked Task calls its service (serve then needs a role).
    assert!(prepared.calls_a_service());
    let mocked = TestState::new(CHARGE)
        .input(json!({"order": {"id": 7}}))
        .mock_result(json!({"Payload": {"ok": true}, "StatusCode": 200}))
        .prepare()
        .unwrap();
    assert!(!mocked.calls_a_service());
    let engine = Engine::new();
    let first = blocking::run(engine.test_state(&mocked)).unwrap();
    assert_eq!(first, blocking::run(engine.test_state(&mocked)).unwrap());
    assert_eq!(
        (first.status, first.output),
        (
            TestStatus::Succeeded,
            Some(json!({"order": {"id": 7}, "payment": {"ok": true}}))
        )
    );
}

#[test]
fn a_choice_names_the_state_it_chose_and_a_wait_takes_no_time() {
    let choice = r#"{"Type": "Choice", "Choices": [
        {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"}"#;
    assert_eq!(
        test(TestState::new(choice).input(json!({"n": 11})))
            .next_state
            .as_deref(),
        Some("Big")
    );
    assert_eq!(
        test(TestState::new(choice).input(json!({"n": 1})))
            .next_state
            .as_deref(),
        Some("Small")
    );
    let wait = test(TestState::new(
        r#"{"Type": "Wait", "Seconds": 86400, "Next": "Later"}"#,
    ));
    assert_eq!(
        (wait.status, wait.next_state.as_deref()),
        (TestStatus::Succeeded, Some("Later"))
    );
}

#[test]
fn variables_are_seen_and_the_variables_after_the_state_are_inspected() {
    let state = r#"{"Type": "Pass", "QueryLanguage": "JSONata",
        "Output": "{% $limit * 2 %}", "Assign": {"seen": "{% $limit + 1 %}"}, "End": true}"#;
    let out = test(
        TestState::new(state)
            .variables(json!({"limit": 21}))
            .inspection_level(InspectionLevel::Debug),
    );
    assert_eq!(out.output, Some(json!(42)));
    let variables = &out.inspection_data.expect("data")["variables"];
    assert_eq!(variables, &json!({"limit": 21, "seen": 22}));
}

#[test]
fn a_context_given_with_a_mock_is_the_context_object() {
    let state = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "F", "Payload": {"execution.$": "$$.Execution.Id",
            "retries.$": "$$.State.RetryCount"}},
        "ResultPath": "$.sent", "End": true}"#;
    let context = json!({"Execution": {"Id": "arn:aws:states:us-east-1:1:execution:M:given"},
                         "State": {"Name": "T", "RetryCount": 4}});
    let out = test(
        TestState::new(state)
            .mock_result(json!({"Payload": 1, "StatusCode": 200}))
            .context(context)
            .inspection_level(InspectionLevel::Debug),
    );
    assert_eq!(
        out.inspection_data.expect("data")["afterParameters"]["Payload"],
        json!({"execution": "arn:aws:states:us-east-1:1:execution:M:given", "retries": 4})
    );
}

#[test]
fn state_name_tests_one_state_of_a_whole_definition() {
    let machine = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Result": "b", "Next": "C"},
        "C": {"Type": "Succeed"}}}"#;
    let out = test(TestState::new(machine).state_name("B"));
    assert_eq!(
        (out.output, out.next_state.as_deref()),
        (Some(json!("b")), Some("C"))
    );
    assert!(matches!(
        refused(TestState::new(machine).state_name("Z")),
        TestStateError::Validation(m) if m == "State not found in definition"
    ));
    // A whole definition needs stateName.
    assert!(matches!(
        refused(TestState::new(machine)),
        TestStateError::Validation(_)
    ));
}

#[test]
fn map_and_parallel_states_run_on_their_mocks() {
    let map = r#"{"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "P",
        "States": {"P": {"Type": "Pass", "End": true}}}, "ResultPath": "$.done", "End": true}"#;
    let out = test(
        TestState::new(map)
            .input(json!({"items": [1, 2]}))
            .mock_result(json!(["a", "b"])),
    );
    assert_eq!(
        out.output,
        Some(json!({"items": [1, 2], "done": ["a", "b"]}))
    );
    let parallel = r#"{"Type": "Parallel", "Branches": [{"StartAt": "P",
        "States": {"P": {"Type": "Pass", "End": true}}}],
        "Catch": [{"ErrorEquals": ["Branch.Failed"], "Next": "Handle"}], "End": true}"#;
    let caught = test(TestState::new(parallel).mock_error("Branch.Failed", "one branch"));
    assert_eq!(
        (caught.status, caught.next_state.as_deref()),
        (TestStatus::CaughtError, Some("Handle"))
    );
}

#[test]
fn teststates_own_rules_refuse_requests_that_break_them() {
    let pass = r#"{"Type": "Pass", "End": true}"#;
    // A mock only for Task, Map and Parallel states (AWS's words).
    assert!(matches!(
        refused(TestState::new(pass).mock_result(json!(1))),
        TestStateError::Validation(m) if m == "State type 'Pass' is not supported when a mock is specified"
    ));
    // A context only with a mock.
    let task = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "F"}, "End": true}"#;
    assert!(matches!(
        refused(TestState::new(task).context(json!({}))),
        TestStateError::Validation(m) if m.contains("context")
    ));
    // Callbacks, jobs, activities, Maps and Parallels only with a mock.
    for needs in [
        r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": true}"#,
        r#"{"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
            "Parameters": {"JobName": "j"}, "End": true}"#,
        r#"{"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:A", "End": true}"#,
    ] {
        assert!(
            matches!(refused(TestState::new(needs)), TestStateError::Validation(m) if m.contains("only with a mock")),
            "{needs}"
        );
    }
    // A Parallel without a mock: AWS's `InvalidDefinition`.
    let parallel = r#"{"Type": "Parallel", "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}], "End": true}"#;
    assert!(matches!(
        refused(TestState::new(parallel)),
        TestStateError::Unsupported(m) if m.starts_with("TestState API does not support Map or Parallel states.")
    ));
    // Variables are an object; the definition must be a valid state.
    assert!(matches!(
        refused(TestState::new(pass).variables(json!([1]))),
        TestStateError::Validation(_)
    ));
    assert!(matches!(
        refused(TestState::new(r#"{"Type": "Pass"}"#)),
        TestStateError::InvalidDefinition(_)
    ));
    assert!(matches!(
        refused(TestState::new("[")),
        TestStateError::InvalidDefinition(_)
    ));
}

#[test]
fn a_mocked_maps_items_after_its_pointer_batcher_and_selector_are_inspected() {
    // `InspectionData` as the API reference documents its fields: `afterItemsPointer` ("the
    // effective input after the ItemsPointer filter is applied"), `afterItemBatcher` ("the
    // effective input after the ItemBatcher filter is applied") and `afterItemSelector` ("an
    // array containing the inputs for each Map iteration, transformed by the ItemSelector").
    let inline = r#"{"Type": "Map", "ItemsPath": "$.orders",
        "ItemSelector": {"order.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}"#;
    let out = test(
        TestState::new(inline)
            .input(json!({"orders": ["a", "b"]}))
            .mock_result(json!([1, 2]))
            .inspection_level(InspectionLevel::Debug),
    );
    let data = out.inspection_data.expect("inspection data");
    assert_eq!(
        data["afterItemSelector"],
        json!([{"order": "a", "index": 0}, {"order": "b", "index": 1}])
    );
    assert!(data.get("afterItemBatcher").is_none(), "{data:?}");
    // A Distributed Map reading `mapItemReaderData` through its `ItemsPointer`, in batches.
    let distributed = r#"{"Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "/catalog/items"},
            "Parameters": {"Bucket": "b", "Key": "k"}},
        "ItemBatcher": {"MaxItemsPerBatch": 2},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}"#;
    let out = test(
        TestState::new(distributed)
            .mock_result(json!([1, 2]))
            .map_item_reader_data(r#"{"catalog": {"items": [{"n": 1}, {"n": 2}, {"n": 3}]}}"#)
            .inspection_level(InspectionLevel::Debug),
    );
    assert_eq!(out.status, TestStatus::Succeeded, "{:?}", out.cause);
    let data = out.inspection_data.expect("inspection data");
    assert_eq!(
        data["afterItemsPointer"],
        json!([{"n": 1}, {"n": 2}, {"n": 3}])
    );
    assert_eq!(
        data["afterItemBatcher"],
        json!([{"Items": [{"n": 1}, {"n": 2}]}, {"Items": [{"n": 3}]}])
    );
    assert!(data.get("afterItemSelector").is_none(), "{data:?}");
}

/// `$states.context.State.Name` in JSONata is the state under test's name: the one
/// `stateName` names in a whole definition (the API reference, TestState's `stateName`:
/// "Denotes the particular state within a state machine definition to be tested"), and AWS's
/// own `StateName` for a lone state (recorded on AWS: LocalStack's TestState snapshots).
#[test]
fn the_context_names_the_state_under_test_in_jsonata() {
    let lone = r#"{"Type": "Pass", "QueryLanguage": "JSONata",
        "Output": "{% $states.context.State.Name %}", "End": true}"#;
    assert_eq!(test(TestState::new(lone)).output, Some(json!("StateName")));
    let machine = r#"{"QueryLanguage": "JSONata", "StartAt": "First", "States": {
        "First": {"Type": "Pass", "Next": "Second"},
        "Second": {"Type": "Pass", "Output": "{% $states.context.State.Name %}", "End": true}}}"#;
    let second = test(TestState::new(machine).state_name("Second"));
    assert_eq!(second.output, Some(json!("Second")));
}

#[test]
fn an_expression_whose_work_is_past_the_limits_fails_at_once() {
    // `$formatInteger(1e20, 'I')` would write 10^17 numerals: the evaluator's bound refuses
    // it before writing one (`workflow_jsonata`'s `eval::work`), as AWS's memory limit does,
    // in TestState as in a run (`engine.rs`).
    let state = r#"{"Type": "Pass", "QueryLanguage": "JSONata",
        "Output": "{% $formatInteger(1e20, 'I') %}", "End": true}"#;
    let out = test(TestState::new(state));
    assert_eq!(out.status, TestStatus::Failed);
    assert_eq!(
        out.error
            .as_ref()
            .map(workflow_runtime::asl::ErrorName::as_str),
        Some("States.QueryEvaluationError")
    );
    let cause = out.cause.unwrap_or_default();
    assert!(
        cause.contains("Expression evaluation memory limit exceeded"),
        "{cause}"
    );
}
