//! TestState, offline, against TestState's answers recorded on AWS.
//!
//! Source: LocalStack's AWS-validated snapshot tests of the TestState API
//! (`tests/aws/services/stepfunctions/v2/test_state/` in `localstack/localstack`: each test
//! ran against AWS and its answer was recorded; the snapshot names and recording dates are
//! given per test below). The states here are those tests' templates, the requests theirs, and
//! the assertions AWS's recorded answers: status, error, cause, next state, output and the
//! inspection data's fields. Nothing of LocalStack's own behaviour is used.

use crate::engine_test_state::{refused, test};
use serde_json::{Value, json};
use workflow_runtime::engine::{
    InspectionLevel, TestState, TestStateError, TestStateOutput, TestStatus,
};

/// The `ValidationException` message of a refusal (panics on another kind).
fn validation(request: TestState) -> String {
    match refused(request) {
        TestStateError::Validation(m) => m,
        other => panic!("expected a ValidationException, got {other}"),
    }
}

/// The names of the inspection data's fields, sorted.
fn fields(out: &TestStateOutput) -> Vec<String> {
    let mut names: Vec<String> = out
        .inspection_data
        .as_ref()
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn values() -> Value {
    json!({"Values": ["first", "second", "third"]})
}

/// `BASE_MAP_STATE`: a JSONata Distributed Map whose `Output` is `$states`.
const BASE_MAP_STATE: &str = r#"{"Type": "Map", "QueryLanguage": "JSONata",
    "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "TestState", "States": {"TestState": {"Type": "Task", "QueryLanguage": "JSONata",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "foo", "Payload": "bar"}, "End": true}}},
    "Output": "{% $states %}", "End": true}"#;

/// `BASE_MAP_STATE_CATCH`: one tolerated failure, Catchers for the mock's error and the
/// threshold.
const BASE_MAP_STATE_CATCH: &str = r#"{"Type": "Map", "QueryLanguage": "JSONata",
    "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "TestState", "States": {"TestState": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:yourHelloWorldFunction", "End": true}}},
    "Catch": [
        {"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
        {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}],
    "ToleratedFailureCount": 1, "End": true}"#;

/// `BASE_MAP_STATE_RETRY`: one tolerated failure, Retriers for the mock's error and the
/// threshold.
const BASE_MAP_STATE_RETRY: &str = r#"{"Type": "Map", "QueryLanguage": "JSONata",
    "Items": "{% $states.input.Values %}",
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "TestState", "States": {"TestState": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:yourHelloWorldFunction", "End": true}}},
    "Retry": [{"ErrorEquals": ["MockException"], "MaxAttempts": 3},
              {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 2}],
    "ToleratedFailureCount": 1, "End": true}"#;

/// `test_state_mock_validation.snapshot.json`, recorded on AWS from December 2025 to March
/// 2026: TestState's own refusals, in AWS's words.
#[test]
fn teststates_refusals_are_aws_words() {
    let parallel = r#"{"Type": "Parallel", "Branches": [
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}},
        {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "End": true}}}], "End": true}"#;
    // A mock on a state that takes none, a result or an error alike.
    for (state, kind) in [
        (r#"{"Type": "Pass", "End": true}"#, "Pass"),
        (r#"{"Type": "Fail", "Error": "E"}"#, "Fail"),
        (r#"{"Type": "Succeed"}"#, "Succeed"),
    ] {
        let expected = format!("State type '{kind}' is not supported when a mock is specified");
        assert_eq!(
            validation(TestState::new(state).mock_result(json!({"mock": "the unmockable"}))),
            expected
        );
        assert_eq!(
            validation(TestState::new(state).mock_error("Error", "Cause")),
            expected
        );
    }
    // A Map or Parallel without a mock: `InvalidDefinition`.
    for state in [BASE_MAP_STATE, parallel] {
        match refused(TestState::new(state).inspection_level(InspectionLevel::Trace)) {
            TestStateError::Unsupported(m) => assert_eq!(
                m,
                "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"
            ),
            other => panic!("{other}"),
        }
    }
    let lambda = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f"}, "End": true}"#;
    assert_eq!(
        validation(
            TestState::new(lambda)
                .mock_result(json!({"mock": "response"}))
                .reveal_secrets(true)
        ),
        "TestState does not support RevealSecrets when a mock is specified."
    );
    // The shape of a compound state's mocked result.
    assert_eq!(
        validation(TestState::new(BASE_MAP_STATE).mock_result(json!({"mock": "object"}))),
        "Mocked result must be an array."
    );
    let writer = r#"{"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
        "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "b", "Prefix": "p"}}, "End": true}"#;
    assert_eq!(
        validation(TestState::new(writer).mock_result(json!(["array"]))),
        "Mocked result must be a JSON object."
    );
    assert_eq!(
        validation(TestState::new(parallel).mock_result(json!({"mock": "object"}))),
        "Mocked result must be an array."
    );
    assert_eq!(
        validation(TestState::new(parallel).mock_result(json!([{"branch1": "result"}]))),
        "Mocked result must contain the same number of items as number of Parallel branches."
    );
    // `mapIterationFailureCount` needs a mock, and no more failures than iterations.
    assert_eq!(
        validation(TestState::new(BASE_MAP_STATE).map_iteration_failure_count(0)),
        "TestState does not support MapIterationFailureCount when a mock is not specified."
    );
    assert_eq!(
        validation(
            TestState::new(BASE_MAP_STATE)
                .input(json!({"Values": [1, 1, 1]}))
                .map_iteration_failure_count(4)
                .mock_result(json!([1, 1, 1]))
        ),
        "Map iteration failure count must be less than or equal to the number of Map iterations"
    );
}

/// `test_state_configuration.snapshot.json`, `test_map_state_failure_count`, recorded on AWS
/// on 13 November 2025: `mapIterationFailureCount` against `ToleratedFailureCount`.
#[test]
fn map_iteration_failures_are_measured_against_the_tolerated_threshold() {
    let run = |state: &str, failed: u32, result: Value| {
        test(
            TestState::new(state)
                .input(values())
                .map_iteration_failure_count(failed)
                .inspection_level(InspectionLevel::Debug)
                .mock_result(result),
        )
    };
    // A Map that sets no threshold ignores the count.
    for failed in [0, 2] {
        let out = run(BASE_MAP_STATE, failed, json!([0, 0, 1]));
        assert_eq!(out.status, TestStatus::Succeeded, "{out:?}");
        let output = out.output.as_ref().expect("output");
        assert_eq!(output["result"], json!([0, 0, 1]));
        assert_eq!(output["input"], values());
        // TestState runs an EXPRESS execution, with no role unless the request names one.
        let execution = &output["context"]["Execution"];
        let id = execution["Id"].as_str().unwrap_or_default();
        assert!(id.contains(":express:"), "{id}");
        assert_eq!(execution.get("RedriveCount"), None);
        assert_eq!(execution["RoleArn"], Value::Null);
        assert_eq!(output["context"]["State"]["Name"], "StateName");
        assert_eq!(fields(&out), ["input", "maxConcurrency"]);
        let data = out.inspection_data.as_ref().expect("inspection data");
        assert_eq!(data["maxConcurrency"], 0);
    }
    // Within the threshold: the mock is the result.
    let within = run(BASE_MAP_STATE_CATCH, 0, json!([1, 1, 1]));
    assert_eq!(
        (within.status, within.output.clone()),
        (TestStatus::Succeeded, Some(json!([1, 1, 1])))
    );
    assert_eq!(
        fields(&within),
        ["input", "maxConcurrency", "toleratedFailureCount"]
    );
    // Past it: `States.ExceedToleratedFailureThreshold`, which the second Catcher catches…
    let caught = run(BASE_MAP_STATE_CATCH, 2, json!([0, 0, 1]));
    assert_eq!(caught.status, TestStatus::CaughtError);
    assert_eq!(
        caught
            .error
            .as_ref()
            .map(workflow_runtime::asl::ErrorName::as_str),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(
        caught.cause.as_deref(),
        Some("The specified tolerated failure threshold was exceeded")
    );
    assert_eq!(caught.next_state.as_deref(), Some("HandleThreshold"));
    let output = caught.output.as_ref().expect("the Catcher's output");
    assert_eq!(
        output["errorOutput"],
        json!({"Error": "States.ExceedToleratedFailureThreshold",
               "Cause": "The specified tolerated failure threshold was exceeded"})
    );
    let data = caught.inspection_data.as_ref().expect("inspection data");
    assert_eq!(data["errorDetails"], json!({"catchIndex": 1}));
    assert_eq!(data["toleratedFailureCount"], 1);
    // … and the second Retrier would retry, a second after.
    let retried = run(BASE_MAP_STATE_RETRY, 2, json!([0, 0, 1]));
    assert_eq!(retried.status, TestStatus::Retriable);
    assert_eq!(
        retried.inspection_data.as_ref().expect("data")["errorDetails"],
        json!({"retryIndex": 1, "retryBackoffIntervalSeconds": 1})
    );
}

/// `test_state_configuration.snapshot.json`, `test_map_state_error_caused_by_state` and
/// `test_state_machine_with_state_error`, recorded on AWS on 13 November 2025: a mocked error
/// of a Map fails it whatever `errorCausedByState` and `mapIterationFailureCount` say; a
/// JSONPath Map's inspection data shows its items after `ItemsPath`.
#[test]
fn a_mocked_map_error_fails_the_map_with_the_mocks_error() {
    let out = test(
        TestState::new(BASE_MAP_STATE)
            .input(json!({"Values": [1, 1, 1]}))
            .error_caused_by_state("TestState")
            .inspection_level(InspectionLevel::Debug)
            .mock_error("MockException", "Mock the cause of the error."),
    );
    assert_eq!(out.status, TestStatus::Failed);
    assert_eq!(
        (
            out.error
                .as_ref()
                .map(workflow_runtime::asl::ErrorName::as_str),
            out.cause.as_deref()
        ),
        (Some("MockException"), Some("Mock the cause of the error."))
    );
    assert_eq!(fields(&out), ["input", "maxConcurrency"]);

    let machine = r#"{"StartAt": "State0", "States": {"State0": {"Type": "Map",
        "ItemsPath": "$.Values",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}},
        "ToleratedFailureCount": 2, "End": true}}}"#;
    for failed in [0, 2] {
        let out = test(
            TestState::new(machine)
                .state_name("State0")
                .input(values())
                .map_iteration_failure_count(failed)
                .error_caused_by_state("HandleItem")
                .inspection_level(InspectionLevel::Trace)
                .mock_error("MockException", "Mock the error cause."),
        );
        assert_eq!(
            (
                out.status,
                out.error
                    .as_ref()
                    .map(workflow_runtime::asl::ErrorName::as_str)
            ),
            (TestStatus::Failed, Some("MockException"))
        );
        assert_eq!(
            fields(&out),
            [
                "afterInputPath",
                "afterItemsPath",
                "input",
                "maxConcurrency",
                "toleratedFailureCount"
            ]
        );
        let data = out.inspection_data.as_ref().expect("inspection data");
        assert_eq!(data["afterItemsPath"], json!(["first", "second", "third"]));
        assert_eq!(data["toleratedFailureCount"], 2);
    }
}

/// `test_state_configuration.snapshot.json`,
/// `test_state_machine_configuration_map_iteration_item_reader`, recorded on AWS on 13
/// November 2025: with `mapItemReaderData` and a mocked result, the result is the mock's.
#[test]
fn a_map_with_an_item_reader_answers_its_mocked_result() {
    let machine = r#"{"QueryLanguage": "JSONata", "StartAt": "State0", "States": {
        "State0": {"Type": "Map", "MaxConcurrency": 1,
            "ItemReader": {"ReaderConfig": {"InputType": "JSON"},
                "Resource": "arn:aws:states:::s3:getObject",
                "Arguments": {"Bucket": "{% $states.input.Bucket %}", "Key": "{% $states.input.Key %}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}},
            "End": true}}}"#;
    let out = test(
        TestState::new(machine)
            .state_name("State0")
            .input(json!({"Bucket": "test-bucket", "Key": "test-key"}))
            .map_item_reader_data("[1, 2, 3]")
            .inspection_level(InspectionLevel::Trace)
            .mock_result(json!([1, 4, 9])),
    );
    assert_eq!(
        (out.status, out.output.clone()),
        (TestStatus::Succeeded, Some(json!([1, 4, 9])))
    );
    assert_eq!(fields(&out), ["input", "maxConcurrency"]);
    assert_eq!(
        out.inspection_data.as_ref().expect("data")["maxConcurrency"],
        1
    );
}

/// `test_state_configuration.snapshot.json`, `test_state_configuration_retrier_retry_count`,
/// recorded on AWS on 22 November 2025: the fifth retry waits 16 s (1 s doubled four times);
/// with the Retrier's attempts used up the state fails, and `errorDetails` still names it.
#[test]
fn an_exhausted_retrier_is_named_in_the_error_details() {
    let task = r#"{"QueryLanguage": "JSONata", "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "foo", "Payload": "bar"},
        "Retry": [{"ErrorEquals": ["MockException"], "IntervalSeconds": 1, "MaxAttempts": 5,
            "BackoffRate": 2.0}], "End": true}"#;
    let run = |count: u32| {
        test(
            TestState::new(task)
                .input(values())
                .retrier_retry_count(count)
                .inspection_level(InspectionLevel::Debug)
                .mock_error("MockException", "Mock the cause of the error."),
        )
    };
    let retried = run(4);
    assert_eq!(retried.status, TestStatus::Retriable);
    assert_eq!(
        fields(&retried),
        ["afterArguments", "errorDetails", "input"]
    );
    let data = retried.inspection_data.as_ref().expect("data");
    assert_eq!(
        data["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 16})
    );
    assert_eq!(
        data["afterArguments"],
        json!({"FunctionName": "foo", "Payload": "bar"})
    );
    let failed = run(5);
    assert_eq!(failed.status, TestStatus::Failed);
    assert_eq!(
        failed.inspection_data.as_ref().expect("data")["errorDetails"],
        json!({"retryIndex": 0})
    );
}

/// `test_state_context_object.snapshot.json`, `test_state_map_context_object`, recorded on
/// AWS: a Map's `ItemsPath` is evaluated before its mocked result is used, and must select an
/// array.
#[test]
fn a_mocked_maps_items_path_must_select_an_array() {
    let map = |items_path: &str| {
        format!(
            r#"{{"Type": "Map", "ItemsPath": "{items_path}", "MaxConcurrency": 1,
            "ItemProcessor": {{"StartAt": "HandleItem", "States": {{"HandleItem": {{"Type": "Pass", "End": true}}}}}},
            "End": true}}"#
        )
    };
    let context = json!({
        "Execution": {"Id": "arn:aws:states:::execution:MyStateMachine:execution-name-12345",
            "Input": {"input-value": 0, "message": "test data",
                "values": ["charizard", "pikachu", "bulbasaur"]},
            "Name": "execution-name-12345", "RoleArn": "arn:aws:iam:::role/StepFunctionsRole",
            "StartTime": "2025-01-15T10:30:00.000Z"},
        "State": {"EnteredTime": "2025-01-15T10:30:01.500Z", "Name": "MyTaskState", "RetryCount": 0},
        "StateMachine": {"Id": "arn:aws:states:::stateMachine:MyStateMachine", "Name": "MyStateMachine"}
    });
    let run = |items_path: &str| {
        test(
            TestState::new(map(items_path))
                .input(json!(["fire", "electricity", "grass"]))
                .inspection_level(InspectionLevel::Trace)
                .context(context.clone())
                .mock_result(json!(["CHARIZARD", "PIKACHU", "BULBASAUR"])),
        )
    };
    for (path, shown) in [("$$", "$"), ("$$.Execution.Input", "$.Execution.Input")] {
        let out = run(path);
        assert_eq!(
            (
                out.status,
                out.error
                    .as_ref()
                    .map(workflow_runtime::asl::ErrorName::as_str)
            ),
            (TestStatus::Failed, Some("States.Runtime"))
        );
        assert_eq!(
            out.cause,
            Some(format!("Reference path \"{shown}\" must point to array."))
        );
        assert_eq!(fields(&out), ["afterInputPath", "input"]);
    }
    let out = run("$$.Execution.Input.values");
    assert_eq!(out.status, TestStatus::Succeeded, "{out:?}");
    assert_eq!(
        out.output,
        Some(json!(["CHARIZARD", "PIKACHU", "BULBASAUR"]))
    );
    assert_eq!(
        fields(&out),
        [
            "afterInputPath",
            "afterItemsPath",
            "afterResultPath",
            "afterResultSelector",
            "input",
            "maxConcurrency"
        ]
    );
    let data = out.inspection_data.as_ref().expect("data");
    assert_eq!(
        data["afterItemsPath"],
        json!(["charizard", "pikachu", "bulbasaur"])
    );
    assert_eq!(data["maxConcurrency"], 1);
}

/// `test_test_state_mock_scenarios.snapshot.json`, `test_base_parallel_state_mock_success`
/// and `test_io_jsonata_parallel_state_mock_success`, recorded on AWS: a mocked Parallel shows
/// only its result steps in JSONPath, and only its input in JSONata.
#[test]
fn a_mocked_parallels_inspection_data_shows_its_result_steps() {
    let parallel = r#"{"Type": "Parallel", "Branches": [
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}},
        {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "End": true}}}], "End": true}"#;
    let result = json!([{"branch1": "result"}, {"branch2": "result"}]);
    let out = test(
        TestState::new(parallel)
            .input(json!({"key": "value"}))
            .inspection_level(InspectionLevel::Debug)
            .mock_result(result.clone()),
    );
    assert_eq!(out.output, Some(result.clone()));
    assert_eq!(
        fields(&out),
        ["afterResultPath", "afterResultSelector", "input"]
    );
    let jsonata = r#"{"Type": "Parallel", "QueryLanguage": "JSONata", "Branches": [
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}},
        {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "End": true}}}],
        "Output": {"parallelInput": "{% $states.input.parallelInput %}", "parallelResult": "{% $states.result %}"},
        "End": true}"#;
    let out = test(
        TestState::new(jsonata)
            .input(json!({"parallelInput": {"data": "input_value"}}))
            .inspection_level(InspectionLevel::Debug)
            .mock_result(result.clone()),
    );
    assert_eq!(
        out.output,
        Some(json!({"parallelInput": {"data": "input_value"}, "parallelResult": result}))
    );
    assert_eq!(fields(&out), ["input"]);
}

/// `test_field_validation_mode.snapshot.json` and `test_field_validation_mode_present`,
/// recorded on AWS in 2025: a mocked Task result that does not fit the API's response shape
/// is refused (`ValidationException`), naming the first problem in AWS's words; STRICT also
/// wants the required fields, PRESENT only checks what is there.
#[test]
fn a_mocked_result_that_does_not_fit_is_refused_in_aws_words() {
    let events = r#"{"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries.$": "$.Entries"}, "End": true}"#;
    let sfn = r#"{"Type": "Task", "QueryLanguage": "JSONata",
        "Resource": "arn:aws:states:::states:startExecution",
        "Arguments": {"Input": "{% $states.input.targetInput %}",
            "StateMachineArn": "{% $states.input.stateMachineArn %}", "Name": "{% $states.input.name %}"},
        "Output": {"targetExecutionResult": "{% $states.result %}"}, "End": true}"#;
    let lambda = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload"}, "End": true}"#;
    let dynamodb = r#"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName.$": "$.TableName", "Item.$": "$.Item"}, "End": true}"#;
    let s3 = r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
        "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}, "End": true}"#;
    let kms = r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:kms:encrypt",
        "Parameters": {"KeyId.$": "$.KeyId", "Plaintext.$": "$.Plaintext"}, "End": true}"#;
    let get_function = r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:lambda:getFunction",
        "Parameters": {"FunctionName.$": "$.FunctionName"}, "End": true}"#;
    let cases = [
        (
            events,
            json!({"Entries": "a list was expected"}),
            "Field 'Entries' must be an array",
        ),
        (
            events,
            json!({"Entries": [{"EventId": ["not a string"]}]}),
            "Field 'EventId' must be a string",
        ),
        (
            events,
            json!({"Entries": [{"EventId": "fine"}, {"EventId": ["not a string"]}]}),
            "Field 'EventId' must be a string",
        ),
        (sfn, json!({}), "Required field 'ExecutionArn' is missing"),
        (
            sfn,
            json!({"executionArn": "a", "startDate": "b"}),
            "Required field 'ExecutionArn' is missing",
        ),
        (
            sfn,
            json!({"ExecutionArn": "a", "StartDate": true}),
            "Field 'StartDate' must be a string",
        ),
        (
            sfn,
            json!({"ExecutionArn": "a", "StartDate": 1764103483}),
            "Field 'StartDate' must be a string",
        ),
        (
            lambda,
            json!({"StatusCode": "200"}),
            "Field 'StatusCode' must be a number",
        ),
        (
            dynamodb,
            json!({"ConsumedCapacity": {"CapacityUnits": "123.45"}}),
            "Field 'CapacityUnits' must be a number",
        ),
        (
            s3,
            json!({"ContentLength": "9000"}),
            "Field 'ContentLength' must be a number",
        ),
        (
            s3,
            json!({"StorageClass": "Papyrus"}),
            "Field 'StorageClass' is not an expected value",
        ),
        (
            kms,
            json!({"CiphertextBlob": 123}),
            "Field 'CiphertextBlob' must be a string",
        ),
        (
            kms,
            json!({"CiphertextBlob": ""}),
            "Field 'CiphertextBlob' is smaller than the minimum length",
        ),
        (
            get_function,
            json!({"Configuration": {"MemorySize": 127}}),
            "Field 'MemorySize' is less than the minimum value",
        ),
        // Recorded with 10241 when Lambda's maximum was 10240; the pinned model (botocore
        // 1.44.5) allows 32768 since.
        (
            get_function,
            json!({"Configuration": {"MemorySize": 32769}}),
            "Field 'MemorySize' exceeds the maximum value",
        ),
    ];
    for (state, result, reason) in cases {
        let message = validation(TestState::new(state).mock_result(result.clone()));
        assert_eq!(
            message,
            format!("Mock result schema validation error: {reason}"),
            "{result}"
        );
    }
    // Fields the API does not have are accepted; PutEvents requires none.
    for result in [json!({"random": "json"}), json!({})] {
        let out = test(
            TestState::new(events)
                .input(json!({"Entries": [{"Detail": "d", "DetailType": "t", "Source": "s"}]}))
                .mock_result(result),
        );
        assert_eq!(out.status, TestStatus::Succeeded);
    }
    // PRESENT: a missing required field is fine, a wrong type is not.
    let out = test(
        TestState::new(sfn)
            .input(json!({"targetInput": {"n": 1}, "name": "run-1",
                "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:m"}))
            .mock_result(json!({}))
            .field_validation(workflow_runtime::aws_models::FieldValidationMode::Present),
    );
    assert_eq!(out.status, TestStatus::Succeeded);
}

/// `test_state_context_object.snapshot.json`, recorded on AWS in 2025: a mocked context
/// object has only the context object's fields, no `Map`, text where the context holds text,
/// and `Task` only for a task that hands out a token; empty parts are fine.
#[test]
fn a_mocked_context_object_is_checked_as_aws_checks_it() {
    let lambda = r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName.$": "$.FunctionName", "Payload": {"Input.$": "$"}},
        "ResultSelector": {"ContextObjectValue.$": "$$", "LambdaOutput.$": "$"}, "End": true}"#;
    let full = json!({
        "Execution": {"Id": "arn:aws:states:::execution:MyStateMachine:execution-name-12345",
            "Input": {"values": ["charizard"]}, "Name": "execution-name-12345",
            "RoleArn": "arn:aws:iam:::role/StepFunctionsRole", "StartTime": "2025-01-15T10:30:00.000Z"},
        "State": {"EnteredTime": "2025-01-15T10:30:01.500Z", "Name": "MyTaskState", "RetryCount": 0},
        "StateMachine": {"Id": "arn:aws:states:::stateMachine:MyStateMachine", "Name": "MyStateMachine"}
    });
    let run = |context: Value| {
        TestState::new(lambda)
            .input(json!({"FunctionName": "lambda_function_name", "Payload": {"input-value": 0}}))
            .context(context)
            .mock_result(json!({"pokemon": "pikachu"}))
    };
    let refusals = [
        (
            json!({"Execution": {"Id": 42}}),
            "Execution.Id must be a string",
        ),
        (
            json!({"Map": {"Item": {"Index": 2, "Value": {}}}}),
            "'Map' field is not supported when mocking a Context object",
        ),
        (
            json!({"Execution": {"pokemon": "pikachu"}}),
            "Field 'pokemon' is not allowed",
        ),
        (json!({"Pokedex": {}}), "Field 'Pokedex' is not allowed"),
        (
            json!({"Task": {"Token": "abcd123"}}),
            "Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
        ),
    ];
    for (context, reason) in refusals {
        assert_eq!(
            validation(run(context)),
            format!("Invalid Context object provided: {reason}")
        );
    }
    // The context the state reads is the one given; empty parts are fine.
    for context in [
        full,
        json!({"Execution": {}, "State": {}, "StateMachine": {}}),
        json!({}),
    ] {
        let out = test(run(context.clone()));
        assert_eq!(out.status, TestStatus::Succeeded, "{out:?}");
        let output = out.output.expect("output");
        assert_eq!(output["LambdaOutput"], json!({"pokemon": "pikachu"}));
        assert_eq!(output["ContextObjectValue"], context);
    }
    // A task that hands out a token takes `Task` (`test_state_wait_task_context_object`).
    let sqs = r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111111111111/test-queue",
            "MessageBody": {"Message": "Hello from Step Functions!", "TaskToken.$": "$$.Task.Token"}},
        "ResultPath": "$.SQS", "Next": "NEXT_STATE"}"#;
    let out = test(
        TestState::new(sqs)
            .inspection_level(InspectionLevel::Trace)
            .context(json!({"Task": {"Token": "abcd123"}}))
            .mock_result(json!({"pokemon": ["charizard", "pikachu", "bulbasaur"]})),
    );
    assert_eq!(
        (out.status, out.next_state.as_deref()),
        (TestStatus::Succeeded, Some("NEXT_STATE"))
    );
    assert_eq!(
        out.inspection_data.as_ref().expect("data")["afterParameters"]["MessageBody"]["TaskToken"],
        "abcd123"
    );
}

/// `test_test_state_machine_scenarios.snapshot.json`, recorded on AWS in 2025: `stateName`
/// names a state of a whole definition, at the top level or inside a Map's processor; one
/// the definition does not have is refused in AWS's words; an invalid state is
/// `InvalidDefinition` at its pointer.
#[test]
fn state_name_finds_the_state_at_any_depth() {
    let hello = json!({"Value": "HelloWorld"});
    let pass = r#"{"StartAt": "State0", "States": {"State0": {"Type": "Pass", "End": true}}}"#;
    let out = test(
        TestState::new(pass)
            .state_name("State0")
            .input(hello.clone()),
    );
    assert_eq!(
        (out.status, out.output),
        (TestStatus::Succeeded, Some(hello.clone()))
    );
    let multi = r#"{"QueryLanguage": "JSONata", "StartAt": "State0", "States": {
        "State0": {"Type": "Pass", "Next": "State1"},
        "State1": {"Type": "Fail", "Error": "SomeFailure",
            "Cause": "This state machines raises a 'SomeFailure' failure."}}}"#;
    let first = test(
        TestState::new(multi)
            .state_name("State0")
            .input(hello.clone()),
    );
    assert_eq!(first.next_state.as_deref(), Some("State1"));
    let second = test(
        TestState::new(multi)
            .state_name("State1")
            .input(hello.clone()),
    );
    assert_eq!(
        (
            second.status,
            second
                .error
                .as_ref()
                .map(workflow_runtime::asl::ErrorName::as_str),
            second.cause.as_deref()
        ),
        (
            TestStatus::Failed,
            Some("SomeFailure"),
            Some("This state machines raises a 'SomeFailure' failure.")
        )
    );
    // A state inside a Map's processor.
    let map = r#"{"StartAt": "State0", "States": {"State0": {"Type": "Map", "ItemsPath": "$.Values",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": true}}},
        "ToleratedFailureCount": 2, "End": true}}}"#;
    let item = test(
        TestState::new(map)
            .state_name("HandleItem")
            .input(hello.clone()),
    );
    assert_eq!(
        (item.status, item.output),
        (TestStatus::Succeeded, Some(hello.clone()))
    );
    for missing in ["dne", "invalid"] {
        assert_eq!(
            validation(
                TestState::new(pass)
                    .state_name(missing)
                    .input(hello.clone())
            ),
            "State not found in definition"
        );
    }
    let invalid = r#"{"StartAt": "ExistingButInvalidState", "States": {
        "ExistingButInvalidState": {"Type": "TypeThatDoesNotExist", "End": true}}}"#;
    match refused(TestState::new(invalid).state_name("ExistingButInvalidState")) {
        TestStateError::InvalidDefinition(d) => {
            assert!(
                d.iter()
                    .any(|d| d.pointer.to_string() == "/States/ExistingButInvalidState/Type"),
                "{d:?}"
            );
        }
        other => panic!("{other}"),
    }
}

/// `test_test_state_scenarios.snapshot.json`, `test_base_inspection_level_debug`, recorded on
/// AWS in 2025: which steps a JSONPath state's inspection data shows, by type.
#[test]
fn inspection_data_shows_each_types_steps() {
    let hello = json!({"Value": "HelloWorld"});
    let io_input = json!({"initialData": {"fieldFromInput": "value from input", "otherField": "other"},
        "unrelatedData": {"someOtherField": 1234}});
    let debug = |state: &str, input: &Value| {
        test(
            TestState::new(state)
                .input(input.clone())
                .inspection_level(InspectionLevel::Debug),
        )
    };
    // A Pass without `Result`: its input steps, then what they made as the selector's value.
    let out = debug(r#"{"Type": "Pass", "End": true}"#, &hello);
    assert_eq!(
        fields(&out),
        [
            "afterInputPath",
            "afterParameters",
            "afterResultPath",
            "afterResultSelector",
            "input"
        ]
    );
    let io = r#"{"Type": "Pass", "InputPath": "$.initialData",
        "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
        "ResultPath": "$.modifiedData", "End": true}"#;
    let out = debug(io, &io_input);
    let data = out.inspection_data.as_ref().expect("data");
    let made = json!({"staticValue": "some value", "inputValue": "value from input"});
    assert_eq!(data["afterParameters"], made);
    assert_eq!(data["afterResultSelector"], made);
    assert_eq!(data["afterResultPath"]["modifiedData"], made);
    // A Pass with `Result`: only the result's steps.
    let with_result = r#"{"Type": "Pass", "InputPath": "$.initialData",
        "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
        "Result": {"resultKey": "result value"}, "ResultPath": "$.modifiedData", "End": true}"#;
    let out = debug(with_result, &io_input);
    assert_eq!(
        fields(&out),
        ["afterResultPath", "afterResultSelector", "input", "result"]
    );
    // Succeed, Fail and Choice: the input after InputPath only.
    let choice = r#"{"Type": "Choice", "Choices": [
        {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
        {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
        {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20},
                 {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"}],
        "Default": "DefaultState"}"#;
    let out = debug(choice, &json!({"type": "Private", "value": 22}));
    assert_eq!(out.next_state.as_deref(), Some("ValueInTwenties"));
    assert_eq!(fields(&out), ["afterInputPath", "input"]);
    for state in [
        r#"{"Type": "Succeed"}"#,
        r#"{"Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."}"#,
    ] {
        assert_eq!(
            fields(&debug(state, &hello)),
            ["afterInputPath", "input"],
            "{state}"
        );
    }
}
