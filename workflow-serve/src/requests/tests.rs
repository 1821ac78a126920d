//! Every request the model's checks pass decodes into its structure.

use super::generate::wire;
use super::*;
use crate::constraints::{check_request, input_shape};
use workflow_aws_models::{Shape, ShapeKind};

/// Decodes `request` as `operation`'s structure.
fn decode_as(operation: &str, request: &Map<String, Value>) -> Result<(), ApiError> {
    macro_rules! each {
        ($($name:literal => $ty:ty),* $(,)?) => {
            match operation {
                $($name => decode::<$ty>(request).map(drop),)*
                other => panic!("no structure for {other}"),
            }
        };
    }
    each! {
        "CreateActivity" => CreateActivityInput,
        "CreateStateMachine" => CreateStateMachineInput,
        "CreateStateMachineAlias" => CreateStateMachineAliasInput,
        "DeleteActivity" => DeleteActivityInput,
        "DeleteStateMachine" => DeleteStateMachineInput,
        "DeleteStateMachineAlias" => DeleteStateMachineAliasInput,
        "DeleteStateMachineVersion" => DeleteStateMachineVersionInput,
        "DescribeActivity" => DescribeActivityInput,
        "DescribeExecution" => DescribeExecutionInput,
        "DescribeMapRun" => DescribeMapRunInput,
        "DescribeStateMachine" => DescribeStateMachineInput,
        "DescribeStateMachineAlias" => DescribeStateMachineAliasInput,
        "DescribeStateMachineForExecution" => DescribeStateMachineForExecutionInput,
        "GetActivityTask" => GetActivityTaskInput,
        "GetExecutionHistory" => GetExecutionHistoryInput,
        "ListActivities" => ListActivitiesInput,
        "ListExecutions" => ListExecutionsInput,
        "ListMapRuns" => ListMapRunsInput,
        "ListStateMachineAliases" => ListStateMachineAliasesInput,
        "ListStateMachineVersions" => ListStateMachineVersionsInput,
        "ListStateMachines" => ListStateMachinesInput,
        "ListTagsForResource" => ListTagsForResourceInput,
        "PublishStateMachineVersion" => PublishStateMachineVersionInput,
        "RedriveExecution" => RedriveExecutionInput,
        "SendTaskFailure" => SendTaskFailureInput,
        "SendTaskHeartbeat" => SendTaskHeartbeatInput,
        "SendTaskSuccess" => SendTaskSuccessInput,
        "StartExecution" => StartExecutionInput,
        "StartSyncExecution" => StartSyncExecutionInput,
        "StopExecution" => StopExecutionInput,
        "TagResource" => TagResourceInput,
        "TestState" => TestStateInput,
        "UntagResource" => UntagResourceInput,
        "UpdateMapRun" => UpdateMapRunInput,
        "UpdateStateMachine" => UpdateStateMachineInput,
        "UpdateStateMachineAlias" => UpdateStateMachineAliasInput,
        "ValidateStateMachineDefinition" => ValidateStateMachineDefinitionInput,
    }
}

/// The values tried for a member of `shape` named `name`: every enum value; text of the
/// shortest allowed length, or one its pattern takes; numbers at both bounds and with a
/// fraction; both booleans; a structure with every member, and one with its required ones only.
fn candidates(name: &str, shape: Shape, depth: usize) -> Vec<Value> {
    let bounds = shape.bounds();
    match shape.kind() {
        ShapeKind::String | ShapeKind::JsonText | ShapeKind::Timestamp | ShapeKind::Blob => {
            let values: Vec<Value> = shape.enum_values().map(Value::from).collect();
            if !values.is_empty() {
                return values;
            }
            let patterned = match name {
                "name" => "a1",
                "clientToken" => "token",
                "traceHeader" => "Root=1-5759e988-bd862e3fe1be46a994272793",
                _ => "a",
            };
            let least = bounds.min.unwrap_or(1.0).max(1.0) as usize;
            vec![
                Value::from(patterned.repeat(least.div_ceil(patterned.len()).max(1))),
                Value::from("arn:aws:states:us-east-1:123456789012:stateMachine:M"),
            ]
        }
        ShapeKind::Integer | ShapeKind::Number => {
            let low = bounds.min.unwrap_or(0.0);
            let mut out = vec![Value::from(low as i64), Value::from(low + 0.5)];
            if let Some(high) = bounds.max {
                out.push(Value::from(high as i64));
            } else {
                out.push(Value::from(1e30));
            }
            out
        }
        ShapeKind::Boolean => vec![Value::from(true), Value::from(false)],
        ShapeKind::Array => shape
            .item()
            .map(|item| {
                let mut out: Vec<Value> = candidates(name, item, depth + 1)
                    .into_iter()
                    .map(|v| Value::Array(vec![v]))
                    .collect();
                out.push(Value::Array(Vec::new()));
                out
            })
            .unwrap_or_default(),
        ShapeKind::Object if depth < 6 => vec![
            Value::Object(filled(shape, depth + 1, false)),
            Value::Object(filled(shape, depth + 1, true)),
        ],
        _ => vec![Value::Object(Map::new())],
    }
}

/// A structure with its members (its required ones only, when `required_only`), each at its
/// first candidate.
fn filled(shape: Shape, depth: usize, required_only: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for member in shape.members() {
        if required_only && !member.is_required() {
            continue;
        }
        let name = wire(member.name());
        if let Some(first) = candidates(&name, member.shape(), depth).into_iter().next() {
            out.insert(name, first);
        }
    }
    out
}

#[test]
fn every_request_the_checks_pass_decodes() {
    let mut passed = 0;
    for (operation, _, _) in SHAPES {
        let shape = input_shape(operation).expect("the operation's input");
        let base = filled(shape, 0, false);
        check_request(operation, &base)
            .unwrap_or_else(|e| panic!("{operation}: every member at its first value: {e:?}"));
        decode_as(operation, &base).unwrap_or_else(|e| panic!("{operation}: {e:?}"));
        // Each member at each of its values, with `null`, and left out.
        for member in shape.members() {
            let name = wire(member.name());
            let mut values = candidates(&name, member.shape(), 0);
            values.push(Value::Null);
            for value in values.into_iter().map(Some).chain([None]) {
                let mut request = base.clone();
                match &value {
                    Some(value) => request.insert(name.clone(), value.clone()),
                    None => request.remove(&name),
                };
                if check_request(operation, &request).is_ok() {
                    passed += 1;
                    decode_as(operation, &request)
                        .unwrap_or_else(|e| panic!("{operation}.{name} = {value:?}: {e:?}"));
                }
            }
        }
    }
    // Not vacuous: most of the variations pass the check.
    assert!(passed > 200, "{passed} requests passed the check");
}

#[test]
fn the_model_has_a_structure_for_every_operation_the_service_answers() {
    let inputs: Vec<&str> = SHAPES.iter().map(|(operation, _, _)| *operation).collect();
    for operation in crate::dispatch::OPERATIONS {
        assert!(inputs.contains(operation), "{operation}");
    }
}

#[test]
fn integers_are_truncated_as_aws_reads_them() {
    let request: Map<String, Value> =
        serde_json::from_str(r#"{"maxResults": 7.9, "nextToken": null}"#).expect("JSON");
    let decoded: ListActivitiesInput = decode(&request).expect("decoded");
    assert_eq!(decoded.max_results, Some(7));
    assert_eq!(decoded.next_token, None);
}

#[test]
fn arn_members_are_typed_and_keep_their_text() {
    let request: Map<String, Value> = serde_json::from_str(
        r#"{"executionArn": "arn:aws:states:us-east-1:123456789012:execution:M:e"}"#,
    )
    .expect("JSON");
    let decoded: DescribeExecutionInput = decode(&request).expect("decoded");
    let arn = decoded
        .execution_arn
        .of(&[ResourceType::Execution])
        .expect("an execution's ARN");
    assert_eq!(arn.to_string(), decoded.execution_arn.text());
    assert_eq!(
        decoded
            .execution_arn
            .of(&[ResourceType::Activity])
            .unwrap_err()
            .name,
        "InvalidArn"
    );
    let bad = ArnMember::from("arn:nope");
    assert_eq!(
        bad.of(&[ResourceType::Execution]).unwrap_err().message,
        "Invalid Arn: 'arn:nope'"
    );
}
