//! The shapes the workflow already knows, used exactly (issue 57): Step Functions' own
//! integrations per pattern, the context object field by field, a Catcher's `{Error, Cause}`
//! (its `Cause` text), a writing Distributed Map's `ResultWriterDetails`.

use workflow_asl::validate::dataflow::context::{CONTEXT_FIELDS, ContextValue};
use workflow_asl::validate::dataflow::{DataType, output_type};
use workflow_asl::{Code, StateMachine, ValidationOptions};

/// Every `PATH_SELECTS_NOTHING` of `definition`: (pointer, message).
fn misses(definition: &str) -> Vec<(String, String)> {
    let machine = StateMachine::from_json(definition).expect("decodes");
    machine
        .validate_with(&ValidationOptions::default())
        .into_iter()
        .filter(|d| d.code == Code::PathSelectsNothing)
        .map(|d| (d.pointer.as_str().to_owned(), d.message))
        .collect()
}

/// A definition whose state `T` calls `resource` and whose state `R` reads `read` of its output.
fn task_then_read(resource: &str, parameters: &str, read: &str) -> String {
    format!(
        r#"{{"StartAt": "T", "States": {{
            "T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {parameters}, "Next": "R"}},
            "R": {{"Type": "Pass", "Parameters": {{"v.$": "{read}"}}, "End": true}}}}}}"#
    )
}

const CHILD: &str = r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child", "Input": {"a": 1}}"#;

#[test]
fn start_execution_results_are_exact_per_pattern() {
    // Request-response: StartExecution's output.
    let rr = "arn:aws:states:::states:startExecution";
    assert!(misses(&task_then_read(rr, CHILD, "$.ExecutionArn")).is_empty());
    let found = misses(&task_then_read(rr, CHILD, "$.Output"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("has no field `Output`"), "{found:?}");
    // `.sync`: DescribeExecution's output, `Output` as JSON text.
    let sync = "arn:aws:states:::states:startExecution.sync";
    assert!(misses(&task_then_read(sync, CHILD, "$.Output")).is_empty());
    let found = misses(&task_then_read(sync, CHILD, "$.Output.total"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .contains("which is a string in the input of `R`, not an object; if it holds JSON text, parse it: `States.StringToJson($.Output)` first"),
        "{found:?}"
    );
    let found = misses(&task_then_read(sync, CHILD, "$.Outptu"));
    assert!(found[0].1.contains("did you mean `Output`?"), "{found:?}");
    // `.sync:2`: `Output` parsed, any JSON; a read at the top names `Output`.
    let sync2 = "arn:aws:states:::states:startExecution.sync:2";
    assert!(misses(&task_then_read(sync2, CHILD, "$.Output.total")).is_empty());
    let found = misses(&task_then_read(sync2, CHILD, "$.total"));
    assert!(
        found[0]
            .1
            .contains("it is the description of a started execution, whose own output is its `Output`: did you mean `$.Output.total`?"),
        "{found:?}"
    );
    // `.waitForTaskToken`: whatever the token's sender returns.
    let token = "arn:aws:states:::states:startExecution.waitForTaskToken";
    let with_token = r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child", "Input": {"token.$": "$$.Task.Token"}}"#;
    assert!(misses(&task_then_read(token, with_token, "$.anything")).is_empty());
}

#[test]
fn aws_sdk_results_are_exact() {
    let describe = "arn:aws:states:::aws-sdk:sfn:describeExecution";
    let arn = r#"{"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:m:e"}"#;
    assert!(misses(&task_then_read(describe, arn, "$.Status")).is_empty());
    let found = misses(&task_then_read(describe, arn, "$.Stauts"));
    assert!(found[0].1.contains("did you mean `Status`?"), "{found:?}");
    // Every other service's too (issue 64): a member the model nests is not at the top, and
    // the nested one is suggested.
    let polly = "arn:aws:states:::aws-sdk:polly:getSpeechSynthesisTask";
    let task = r#"{"TaskId": "t"}"#;
    assert!(misses(&task_then_read(polly, task, "$.SynthesisTask.TaskStatus")).is_empty());
    let found = misses(&task_then_read(polly, task, "$.TaskStatus"));
    assert!(
        found[0]
            .1
            .contains("did you mean `$.SynthesisTask.TaskStatus`?"),
        "{found:?}"
    );
    // Members the AWS SDK for Java v2 spells otherwise are read in either spelling.
    let rds = "arn:aws:states:::aws-sdk:rds:describeDBSnapshots";
    for read in ["$.DbSnapshots[0].Status", "$.DBSnapshots[0].Status"] {
        assert!(
            misses(&task_then_read(rds, "{}", read)).is_empty(),
            "{read}"
        );
    }
    // No metadata is added to an AWS SDK answer (recorded on AWS: `aws-sdk:dynamodb:getItem`
    // answers `{Item}` alone).
    let get = "arn:aws:states:::aws-sdk:dynamodb:getItem";
    let key = r#"{"TableName": "t", "Key": {"id": {"S": "1"}}}"#;
    assert!(!misses(&task_then_read(get, key, "$.SdkHttpMetadata")).is_empty());
}

#[test]
fn context_object_fields_are_checked_in_both_languages() {
    let jsonpath = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {
        "id.$": "$$.Execution.Id", "entered.$": "$$.State.EnteredTime", "machine.$": "$$.StateMachine.Name",
        "start.$": "$$.Execution.StartTme", "name.$": "$$.execution.Name"}, "End": true}}}"#;
    let found = misses(jsonpath);
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/States/A/Parameters/start.$",
            "/States/A/Parameters/name.$"
        ]
    );
    assert!(
        found[0]
            .1
            .starts_with("`$$.Execution.StartTme` selects nothing: the context object has no field `StartTme` at `$$.Execution`; did you mean `StartTime`?"),
        "{found:?}"
    );
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
        "Output": {"ok": "{% $states.context.State.Name %}", "bad": "{% $states.context.State.Nme %}"}, "End": true}}}"#;
    let found = misses(jsonata);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/States/A/Output/bad");
    assert!(found[0].1.contains("did you mean `Name`?"), "{found:?}");
}

#[test]
fn a_context_timestamp_is_text() {
    let machine = StateMachine::from_json(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
            "Output": {"due": "{% $states.context.Execution.StartTime + 3600 %}"}, "End": true}}}"#,
    )
    .unwrap();
    let found = machine.validate_with(&ValidationOptions::default());
    assert!(
        found
            .iter()
            .any(|d| d.code == Code::JsonataTypeError
                && d.pointer.as_str() == "/States/A/Output/due"),
        "{found:#?}"
    );
    // What it hands on is typed: the timestamp a string, the input the execution's.
    let machine = StateMachine::from_json(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {
            "at.$": "$$.Execution.StartTime", "retries.$": "$$.State.RetryCount", "in.$": "$$.Execution.Input"}, "End": true}}}"#,
    )
    .unwrap();
    assert_eq!(
        output_type(&machine, &DataType::Bool).to_string(),
        "{ at: string, in: bool, retries: integer }"
    );
}

#[test]
fn a_map_item_selector_sees_the_item_and_the_rest_of_the_context() {
    let definition = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.ids",
        "ItemSelector": {"id.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index", "run.$": "$$.Execution.Id",
            "bad.$": "$$.Map.Item.Valeu"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"#;
    let found = misses(definition);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/States/M/ItemSelector/bad.$");
    assert!(found[0].1.contains("did you mean `Value`?"), "{found:?}");
}

#[test]
fn the_context_fields_list_is_the_documented_one() {
    let paths: Vec<&str> = CONTEXT_FIELDS.iter().map(|f| f.path).collect();
    for documented in [
        "Execution.Id",
        "Execution.Input",
        "Execution.Name",
        "Execution.RoleArn",
        "Execution.StartTime",
        "Execution.RedriveCount",
        "Execution.RedriveTime",
        "State.EnteredTime",
        "State.Name",
        "State.RetryCount",
        "StateMachine.Id",
        "StateMachine.Name",
        "Task.Token",
        "Map.Item.Index",
        "Map.Item.Value",
        "Map.Item.Source",
    ] {
        assert!(paths.contains(&documented), "{documented} is missing");
    }
    // Every field there only sometimes says where.
    for field in CONTEXT_FIELDS.iter().filter(|f| !f.always) {
        assert!(!field.when.is_empty(), "{}", field.path);
    }
    let timestamps: Vec<&str> = CONTEXT_FIELDS
        .iter()
        .filter(|f| f.value == ContextValue::Timestamp)
        .map(|f| f.path)
        .collect();
    assert_eq!(
        timestamps,
        [
            "Execution.StartTime",
            "Execution.RedriveTime",
            "State.EnteredTime"
        ]
    );
}

#[test]
fn an_error_cause_is_text() {
    let definition = r#"{"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "H"}], "End": true},
        "H": {"Type": "Pass", "Parameters": {"m.$": "$.err.Cause.errorMessage", "c.$": "$.err.Cause"}, "End": true}}}"#;
    let found = misses(definition);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/States/H/Parameters/m.$");
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {
                  "m": "{% $states.errorOutput.Cause.errorMessage %}",
                  "ok": "{% $parse($states.errorOutput.Cause).errorMessage %}"}, "Next": "H"}], "End": true},
        "H": {"Type": "Succeed"}}}"#;
    let found = misses(jsonata);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains(
            "if it holds JSON text, parse it: `$parse($states.errorOutput.Cause).errorMessage`"
        ),
        "{found:?}"
    );
}

#[test]
fn result_writer_details_are_exact() {
    let definition = r#"{"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "b", "Key": "k"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}}, "Next": "R"},
        "R": {"Type": "Pass", "Parameters": {"k.$": "$.ResultWriterDetails.Key", "bad.$": "$.ResultWriterDetails.key", "run.$": "$.MapRunArn", "x.$": "$.Extra"}, "End": true}}}"#;
    let found = misses(definition);
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/States/R/Parameters/bad.$", "/States/R/Parameters/x.$"]
    );
}
