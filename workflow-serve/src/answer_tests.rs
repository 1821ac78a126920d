//! Every operation's answer, for a real call, holds only members of the model's output shape
//! (at every depth: a history event's details, an alias's routes, a Map Run's counts), and of
//! the type the shape gives them: a member the model lacks is a bug of the answer.

use super::dispatch::OPERATIONS;
use super::requests::generate::wire;
use super::service::Service;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use workflow_aws_models::{Shape, ShapeKind};

/// The output shape of `operation` in the model.
fn output_shape(operation: &str) -> Shape {
    workflow_aws_models::Service::by_botocore_name("stepfunctions")
        .and_then(|service| service.operation(operation))
        .and_then(|operation| operation.output())
        .unwrap_or_else(|| panic!("{operation}: no output shape"))
}

/// Where `value` departs from `shape` (`at` its path): members the model lacks, and values of
/// another JSON type than the shape's.
fn departures(value: &Value, shape: Shape, at: &str, out: &mut Vec<String>) {
    // Iterative: (value, shape, path) still to visit.
    let mut to_visit = vec![(value, shape, at.to_owned())];
    while let Some((value, shape, at)) = to_visit.pop() {
        match (shape.kind(), value) {
            (ShapeKind::Object, Value::Object(members)) => {
                for (name, member_value) in members {
                    match shape.members().find(|m| wire(m.name()) == *name) {
                        Some(member) => {
                            to_visit.push((member_value, member.shape(), format!("{at}.{name}")))
                        }
                        None => out.push(format!(
                            "{at}.{name}: not a member of {}",
                            shape.name().unwrap_or("the shape")
                        )),
                    }
                }
            }
            (ShapeKind::Array, Value::Array(items)) => {
                let item = shape.item().expect("a list has items");
                for (i, value) in items.iter().enumerate() {
                    to_visit.push((value, item, format!("{at}[{i}]")));
                }
            }
            (ShapeKind::Map, Value::Object(entries)) => {
                let item = shape.map_value().expect("a map has values");
                for (key, value) in entries {
                    to_visit.push((value, item, format!("{at}.{key}")));
                }
            }
            (ShapeKind::String | ShapeKind::JsonText | ShapeKind::Blob, Value::String(text)) => {
                let values: Vec<&str> = shape.enum_values().collect();
                if !values.is_empty() && !values.contains(&text.as_str()) {
                    out.push(format!("{at}: `{text}` is none of {values:?}"));
                }
            }
            (ShapeKind::Timestamp | ShapeKind::Number, Value::Number(_))
            | (ShapeKind::Boolean, Value::Bool(_))
            | (ShapeKind::TimestampOrEpoch | ShapeKind::Any, _) => {}
            (ShapeKind::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => {}
            (kind, value) => out.push(format!("{at}: {value} is not a {kind:?}")),
        }
    }
}

/// A test's service: virtual time, activity polls that do not wait.
fn service() -> Arc<Service> {
    Service::new(super::test_support::test_settings())
}

/// Calls the service and keeps every answer, by operation.
struct Calls {
    service: Arc<Service>,
    answers: BTreeMap<&'static str, Vec<Value>>,
}

impl Calls {
    fn call(&mut self, operation: &'static str, request: Value) -> Value {
        let request: Map<String, Value> = request.as_object().cloned().unwrap_or_default();
        let answer = self
            .service
            .call(operation, &request)
            .unwrap_or_else(|e| panic!("{operation} {request:?}: {e:?}"));
        self.answers
            .entry(operation)
            .or_default()
            .push(answer.clone());
        answer
    }

    /// Calls `operation` until `done` holds of its answer (30 s at most).
    fn until(
        &mut self,
        operation: &'static str,
        request: Value,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = self.call(operation, request.clone());
            if done(&answer) {
                return answer;
            }
            assert!(Instant::now() < deadline, "{operation}: never {answer}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn every_operations_answer_holds_only_the_models_members() {
    let mut c = Calls {
        service: service(),
        answers: BTreeMap::new(),
    };
    let role = "arn:aws:iam::123456789012:role/r";
    let activity = c.call("CreateActivity", json!({"name": "Pick"}))["activityArn"].clone();
    c.call("DescribeActivity", json!({"activityArn": activity}));
    c.call("ListActivities", json!({}));
    // A Distributed Map whose children wait for an activity's worker: a Map Run that runs
    // while it is described, updated and its children listed; one child fails, so that the
    // execution can be redriven.
    let flow = json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": activity, "End": true}}},
        "End": true}}});
    let machine = c.call(
        "CreateStateMachine",
        json!({"name": "Flow", "definition": flow.to_string(), "roleArn": role,
            "tags": [{"key": "team", "value": "orders"}]}),
    )["stateMachineArn"]
        .clone();
    let execution = c.call(
        "StartExecution",
        json!({"stateMachineArn": machine, "input": r#"{"items": [1, 2]}"#}),
    )["executionArn"]
        .clone();
    let runs = c.until("ListMapRuns", json!({"executionArn": execution}), |a| {
        a["mapRuns"].as_array().is_some_and(|runs| !runs.is_empty())
    });
    let map_run = runs["mapRuns"][0]["mapRunArn"].clone();
    c.call("DescribeMapRun", json!({"mapRunArn": map_run}));
    c.call(
        "UpdateMapRun",
        json!({"mapRunArn": map_run, "maxConcurrency": 5}),
    );
    let children = c.until("ListExecutions", json!({"mapRunArn": map_run}), |a| {
        a["executions"].as_array().is_some_and(|e| e.len() == 2)
    });
    c.call(
        "DescribeExecution",
        json!({"executionArn": children["executions"][0]["executionArn"]}),
    );
    let mut tokens = Vec::new();
    while tokens.len() < 2 {
        let task = c.until("GetActivityTask", json!({"activityArn": activity}), |a| {
            a.get("taskToken").is_some()
        });
        tokens.push(task["taskToken"].clone());
    }
    c.call("SendTaskHeartbeat", json!({"taskToken": tokens[0]}));
    c.call(
        "SendTaskSuccess",
        json!({"taskToken": tokens[0], "output": "{}"}),
    );
    c.call(
        "SendTaskFailure",
        json!({"taskToken": tokens[1], "error": "Nope", "cause": "on purpose"}),
    );
    c.until(
        "DescribeExecution",
        json!({"executionArn": execution}),
        |a| a["status"] == "FAILED",
    );
    c.call("DescribeMapRun", json!({"mapRunArn": map_run}));
    c.call("ListMapRuns", json!({"executionArn": execution}));
    // The children once their Map Run ended: listed, described, their histories read.
    let ended = c.call("ListExecutions", json!({"mapRunArn": map_run}));
    for child in ended["executions"].as_array().into_iter().flatten() {
        let arn = &child["executionArn"];
        c.call("DescribeExecution", json!({"executionArn": arn}));
        c.call("GetExecutionHistory", json!({"executionArn": arn}));
    }
    c.call("ListExecutions", json!({"stateMachineArn": machine}));
    c.call("GetExecutionHistory", json!({"executionArn": execution}));
    c.call(
        "GetExecutionHistory",
        json!({"executionArn": execution, "includeExecutionData": false, "maxResults": 2}),
    );
    c.call(
        "DescribeStateMachineForExecution",
        json!({"executionArn": execution}),
    );
    c.call("RedriveExecution", json!({"executionArn": execution}));
    // A STANDARD execution waiting for a callback, stopped.
    let asker = json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}});
    let asker = c.call(
        "CreateStateMachine",
        json!({"name": "Asker", "definition": asker.to_string(), "roleArn": role}),
    )["stateMachineArn"]
        .clone();
    let waiting =
        c.call("StartExecution", json!({"stateMachineArn": asker}))["executionArn"].clone();
    c.call(
        "StopExecution",
        json!({"executionArn": waiting, "error": "E", "cause": "stopped"}),
    );
    // An EXPRESS machine, run synchronously.
    let pass = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
    let express = c.call(
        "CreateStateMachine",
        json!({"name": "Quick", "definition": pass, "roleArn": role, "type": "EXPRESS"}),
    )["stateMachineArn"]
        .clone();
    c.call(
        "StartSyncExecution",
        json!({"stateMachineArn": express, "input": "{\"a\": 1}"}),
    );
    // Versions and aliases.
    c.call("DescribeStateMachine", json!({"stateMachineArn": machine}));
    c.call("ListStateMachines", json!({}));
    c.call(
        "UpdateStateMachine",
        json!({"stateMachineArn": express, "definition": pass, "publish": true}),
    );
    let version = c.call(
        "PublishStateMachineVersion",
        json!({"stateMachineArn": express, "description": "first"}),
    )["stateMachineVersionArn"]
        .clone();
    c.call("DescribeStateMachine", json!({"stateMachineArn": version}));
    c.call(
        "ListStateMachineVersions",
        json!({"stateMachineArn": express}),
    );
    let alias = c.call(
        "CreateStateMachineAlias",
        json!({"name": "live", "routingConfiguration":
            [{"stateMachineVersionArn": version, "weight": 100}]}),
    )["stateMachineAliasArn"]
        .clone();
    c.call(
        "DescribeStateMachineAlias",
        json!({"stateMachineAliasArn": alias}),
    );
    c.call(
        "ListStateMachineAliases",
        json!({"stateMachineArn": express}),
    );
    c.call(
        "UpdateStateMachineAlias",
        json!({"stateMachineAliasArn": alias, "description": "the live one"}),
    );
    c.call(
        "DeleteStateMachineAlias",
        json!({"stateMachineAliasArn": alias}),
    );
    c.call(
        "DeleteStateMachineVersion",
        json!({"stateMachineVersionArn": version}),
    );
    // Tags, validation, TestState.
    c.call(
        "TagResource",
        json!({"resourceArn": machine, "tags": [{"key": "stage", "value": "prod"}]}),
    );
    c.call("ListTagsForResource", json!({"resourceArn": machine}));
    c.call(
        "UntagResource",
        json!({"resourceArn": machine, "tagKeys": ["stage"]}),
    );
    c.call(
        "ValidateStateMachineDefinition",
        json!({"definition": r#"{"StartAt": "Nowhere", "States": {}}"#}),
    );
    c.call(
        "ValidateStateMachineDefinition",
        json!({"definition": pass}),
    );
    c.call(
        "TestState",
        json!({"definition": r#"{"Type": "Pass", "Result": {"b": 2}, "ResultPath": "$.r", "End": true}"#,
            "input": "{\"a\": 1}", "inspectionLevel": "DEBUG"}),
    );
    c.call("DeleteActivity", json!({"activityArn": activity}));
    c.call("DeleteStateMachine", json!({"stateMachineArn": asker}));

    // Every operation was answered, and every answer is the model's.
    let answered: Vec<&str> = c.answers.keys().copied().collect();
    let mut all: Vec<&str> = OPERATIONS.to_vec();
    all.sort_unstable();
    assert_eq!(answered, all, "every operation answered once at least");
    let mut found = Vec::new();
    for (operation, answers) in &c.answers {
        for answer in answers {
            departures(answer, output_shape(operation), operation, &mut found);
        }
    }
    assert!(found.is_empty(), "answers outside the model: {found:#?}");
    // Not vacuous: the answers hold what the model's deepest members are.
    let histories = &c.answers["GetExecutionHistory"];
    assert!(
        histories
            .iter()
            .any(|h| h["events"].as_array().is_some_and(|events| events
                .iter()
                .any(|e| e.get("mapRunStartedEventDetails").is_some()))),
        "{histories:?}"
    );
}

#[test]
fn a_member_the_model_lacks_is_found() {
    let mut found = Vec::new();
    departures(
        &json!({"executionArn": "arn", "startDate": 1.5, "extra": true}),
        output_shape("StartExecution"),
        "StartExecution",
        &mut found,
    );
    departures(
        &json!({"events": [{"id": 1, "type": "Nope", "timestamp": 1.0,
            "stateEnteredEventDetails": {"name": "A", "surprise": 1}}]}),
        output_shape("GetExecutionHistory"),
        "GetExecutionHistory",
        &mut found,
    );
    found.sort();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("GetExecutionHistory.events[0].stateEnteredEventDetails.surprise: not a member of StateEnteredEventDetails"), "{found:#?}");
    assert!(
        found[1].starts_with("GetExecutionHistory.events[0].type: `Nope` is none of"),
        "{found:#?}"
    );
    assert_eq!(
        found[2],
        "StartExecution.extra: not a member of StartExecutionOutput"
    );
}
