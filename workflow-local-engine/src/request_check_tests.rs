//! The engine's check of a Task's evaluated request before anything answers it
//! (`core::request_check`), driven through the engine's API: outside the core, which names no
//! host (`layering_tests`).

use crate::execution::ExecutionStatus;
use crate::{Engine, TaskCall, TaskOutput, blocking};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use workflow_asl::StateMachine;

/// A computed `UpdateExpression` using `:t`, which the request does not define: the task
/// fails with DynamoDB's answer before the handler is called, and a catcher on the error
/// Step Functions names catches it.
#[test]
fn a_computed_expression_dynamodb_refuses_fails_the_task_before_its_handler() {
    let definition = json!({"StartAt": "Save", "States": {
        "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
            "Parameters": {"TableName": "t", "Key": {"id": {"S": "1"}},
                "UpdateExpression.$": "States.Format('SET qty = {}', $.value)",
                "ExpressionAttributeValues": {":v": {"N": "1"}}},
            "Catch": [{"ErrorEquals": ["DynamoDB.AmazonDynamoDBException"], "Next": "Refused"}],
            "End": true},
        "Refused": {"Type": "Pass", "End": true}}});
    let machine =
        StateMachine::from_json(&definition.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let engine = Engine::new().handler(
        "arn:aws:states:::dynamodb:updateItem",
        move |_call: TaskCall| {
            seen.fetch_add(1, Ordering::SeqCst);
            async move { Ok(TaskOutput::from(json!({}))) }
        },
    );
    let run = blocking::run(engine.machine(&machine).input(json!({"value": ":t"})))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(calls.load(Ordering::SeqCst), 0, "the handler was called");
    let output = run.output.unwrap_or_default();
    assert_eq!(output["Error"], "DynamoDB.AmazonDynamoDBException");
    let cause = output["Cause"].as_str().unwrap_or_default();
    assert!(
        cause.starts_with("Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :t (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: ")
            && cause.ends_with("; Proxy: null)"),
        "{cause}"
    );
    // The same request using the `:v` it defines reaches the handler.
    let run = blocking::run(engine.machine(&machine).input(json!({"value": ":v"})))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, ExecutionStatus::Succeeded);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(run.output.unwrap_or_default().get("Error"), None);
}
