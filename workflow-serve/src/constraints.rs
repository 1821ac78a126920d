//! The constraints of Step Functions' API model on every input member, checked before an
//! operation runs, as AWS's service checks them: a required member left out, a string's length,
//! a list's size, a number's range, an enum and a pattern. Each request is held to its
//! operation's input shape in botocore's `stepfunctions/2016-11-23/service-2.json` (the model
//! `workflow-aws-models` embeds, generated from the pinned botocore by
//! `tools/aws-models/generate.py`), so that the table of constraints is the model's own, not a
//! copy of it. What fails is answered as AWS answers it: `ValidationException`, `1 validation
//! error detected: Value 'x' at 'name' failed to satisfy constraint: Member must have length
//! less than or equal to 80` (recorded in wolfeidau/buildkite-serverless-agent issue 37 for
//! StartExecution's `name`, and for SendTaskFailure's `error` in "Step Functions の
//! SendTaskFailure で error が 256 文字を超えた", inokara.hateblo.jp, 2017), several joined by
//! `; ` after `N validation errors detected: `; the constraint's words are those of AWS's
//! recorded answers (`Member must not be null`, `Member must satisfy regular expression
//! pattern: …`, ../shared/aws-recorded's DynamoDB cases) and of the same validator's other
//! messages (`Member must have value less than or equal to …`, `Member must satisfy enum
//! value set: [STANDARD, EXPRESS]`).
//!
//! A member's JSON type is judged first, at every depth (in `loggingConfiguration`, in each of
//! `tags`, in TestState's `mock`, …): AWS's JSON protocol deserializes a request into the
//! operation's types before it validates it, and a value of the wrong JSON type fails that,
//! `SerializationException` (Smithy's `awsJson1_0`: a request that cannot be deserialized is a
//! client error of that name), the first one found. Its message is the form AWS's JSON
//! services answer, recorded on AWS in LocalStack's API Gateway snapshots: `class
//! java.lang.Boolean can not be converted to an String`, `class
//! com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String`;
//! the same form names the other types (`Boolean`, `Integer`, `Double`, a structure's name),
//! and an object or a list where neither is expected is `Start of structure or map found where
//! not expected.` or `Start of list found where not expected.`. Members the shape does not have
//! are ignored, as the JSON protocol ignores them; `null` is a member left out.

use super::protocol::ApiError;
use serde_json::{Map, Value};
use std::sync::OnceLock;
use workflow_aws_models::{Bounds, FindingKind, Service, Shape, ShapeKind};

/// The members whose shapes the model marks `"sensitive": true` (`Definition`,
/// `SensitiveData`, `SensitiveError`, `SensitiveCause`, `TaskToken`, `TestStateStateName`,
/// `VersionDescription`, `AliasDescription`), by the name they have in every operation's input.
/// AWS never echoes such a value: its message says `Value at 'input'` with no value. The
/// embedded model keeps no `sensitive` trait; `tests/serve_api.rs` compares this list with the
/// pinned botocore's model.
pub const SENSITIVE_MEMBERS: &[&str] = &[
    "cause",
    "context",
    "definition",
    "description",
    "error",
    "errorCausedByState",
    "input",
    "mapItemReaderData",
    "output",
    "result",
    "stateName",
    "taskToken",
    "variables",
    "versionDescription",
];

/// The order in which AWS's message lists an enum's values where it is recorded and is not the
/// model's (the service's validator lists them in an order of its own): ListExecutions'
/// `statusFilter`, recorded on AWS in LocalStack's snapshot test
/// `test_sfn_api.py::TestSnfApi::test_state_machine_status_filter` (2024-03-14): `Value 'succeeded' at
/// 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED,
/// TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]`. Used only while the model's values are
/// the same set.
const RECORDED_ENUM_ORDERS: &[(&str, &[&str])] = &[(
    "statusFilter",
    &[
        "SUCCEEDED",
        "TIMED_OUT",
        "PENDING_REDRIVE",
        "ABORTED",
        "FAILED",
        "RUNNING",
    ],
)];

/// Step Functions' API model (`None` only if the embedded table lacked it).
fn model() -> Option<Service> {
    static SERVICE: OnceLock<Option<Service>> = OnceLock::new();
    *SERVICE.get_or_init(|| Service::by_botocore_name("stepfunctions"))
}

/// The input shape of `operation` in Step Functions' API model.
pub(crate) fn input_shape(operation: &str) -> Option<Shape> {
    model()?.operation(operation)?.input()
}

/// One value still to check: where it is (AWS's path, `tags.1.member.key`), its shape, and
/// whether it is sensitive.
struct Item<'v> {
    value: &'v Value,
    shape: Shape,
    path: String,
    sensitive: bool,
}

/// What a check found: the first member of the wrong JSON type, and every constraint failed.
#[derive(Default)]
struct Found {
    mistyped: Option<String>,
    errors: Vec<String>,
}

/// Checks `request` against the input shape of `operation`: `Ok` when every member has its
/// type and meets every constraint (or the model has no such operation); else
/// `SerializationException` for the first member of the wrong JSON type, or AWS's
/// `ValidationException` naming every member that fails, in the model's order.
pub(crate) fn check_request(operation: &str, request: &Map<String, Value>) -> Result<(), ApiError> {
    let Some(shape) = input_shape(operation) else {
        return Ok(());
    };
    let mut found = Found::default();
    structure(shape, request, "", &mut found);
    if let Some(message) = found.mistyped {
        return Err(ApiError::new("SerializationException", message));
    }
    let errors = found.errors;
    if errors.is_empty() {
        return Ok(());
    }
    let count = match errors.len() {
        1 => "1 validation error detected".to_owned(),
        n => format!("{n} validation errors detected"),
    };
    Err(ApiError::validation(format!(
        "{count}: {}",
        errors.join("; ")
    )))
}

/// The JSON protocol's name of a member: the model's (`stateMachineArn`), which the embedded
/// model writes with its first letter in upper case.
fn wire_name(model_name: &str) -> String {
    let mut chars = model_name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// Checks the members of one structure (and, through an explicit stack, everything inside
/// them: requests are user data).
fn structure(shape: Shape, object: &Map<String, Value>, prefix: &str, found: &mut Found) {
    let mut stack = Vec::new();
    push_members(shape, object, prefix, false, &mut stack, &mut found.errors);
    while let Some(item) = stack.pop() {
        let mut children = Vec::new();
        if let Some(mistyped) = mistyped(&item) {
            found.mistyped.get_or_insert(mistyped);
            continue;
        }
        check_one(&item, &mut children, &mut found.errors);
        stack.extend(children.into_iter().rev());
    }
}

/// The deserializer's complaint about `item`'s JSON type, if it is not its shape's.
fn mistyped(item: &Item<'_>) -> Option<String> {
    let value = item.value;
    let fits = match item.shape.kind() {
        ShapeKind::Object | ShapeKind::Map => value.is_object(),
        ShapeKind::Array => value.is_array(),
        ShapeKind::String | ShapeKind::JsonText | ShapeKind::Timestamp | ShapeKind::Blob => {
            value.is_string()
        }
        ShapeKind::TimestampOrEpoch => value.is_string() || value.is_number(),
        ShapeKind::Integer | ShapeKind::Number => value.is_number(),
        ShapeKind::Boolean => value.is_boolean(),
        ShapeKind::Any => true,
    };
    if fits {
        return None;
    }
    Some(match value {
        Value::Object(_) => "Start of structure or map found where not expected.".to_owned(),
        Value::Array(_) => "Start of list found where not expected.".to_owned(),
        _ => {
            let found = match value {
                Value::Bool(_) => "java.lang.Boolean",
                Value::Number(_) => "com.amazon.coral.value.json.numbers.TruncatingBigNumber",
                _ => "java.lang.String",
            };
            let target = match item.shape.kind() {
                ShapeKind::Object => item.shape.name().unwrap_or("Structure"),
                ShapeKind::Map => "Map",
                ShapeKind::Array => "List",
                ShapeKind::Integer => "Integer",
                ShapeKind::Number => "Double",
                ShapeKind::Boolean => "Boolean",
                ShapeKind::Timestamp => "Date",
                ShapeKind::Blob => "ByteBuffer",
                _ => "String",
            };
            format!("class {found} can not be converted to an {target}")
        }
    })
}

/// The members of a structure to check, in the model's order; a required one left out is
/// an error at once.
fn push_members<'v>(
    shape: Shape,
    object: &'v Map<String, Value>,
    prefix: &str,
    sensitive_parent: bool,
    stack: &mut Vec<Item<'v>>,
    errors: &mut Vec<String>,
) {
    let mut items = Vec::new();
    for member in shape.members() {
        let name = wire_name(member.name());
        let path = format!("{prefix}{name}");
        match object.get(&name) {
            None | Some(Value::Null) => {
                if member.is_required() {
                    errors.push(format!(
                        "Value null at '{path}' failed to satisfy constraint: Member must not be null"
                    ));
                }
            }
            Some(value) => items.push(Item {
                value,
                shape: member.shape(),
                sensitive: sensitive_parent || SENSITIVE_MEMBERS.contains(&name.as_str()),
                path,
            }),
        }
    }
    stack.extend(items.into_iter().rev());
}

/// `Value 'x' at 'path'`, or `Value at 'path'` for a sensitive member.
fn subject(item: &Item<'_>) -> String {
    if item.sensitive {
        return format!("Value at '{}'", item.path);
    }
    let shown = match item.value {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let shown: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            format!("[{}]", shown.join(", "))
        }
        other => other.to_string(),
    };
    format!("Value '{shown}' at '{}'", item.path)
}

fn check_one<'v>(item: &Item<'v>, children: &mut Vec<Item<'v>>, errors: &mut Vec<String>) {
    let shape = item.shape;
    let bounds = shape.bounds();
    let mut fail = |constraint: String| {
        errors.push(format!(
            "{} failed to satisfy constraint: {constraint}",
            subject(item)
        ));
    };
    match (shape.kind(), item.value) {
        (ShapeKind::Object, Value::Object(object)) => {
            let mut nested = Vec::new();
            push_members(
                shape,
                object,
                &format!("{}.", item.path),
                item.sensitive,
                &mut nested,
                errors,
            );
            children.extend(nested.into_iter().rev());
        }
        (ShapeKind::Array, Value::Array(values)) => {
            if let Some(error) = length(values.len(), bounds) {
                fail(error);
            }
            if let Some(item_shape) = shape.item() {
                // AWS's path of a list's item: `tags.1.member` (counted from 1).
                for (i, value) in values.iter().enumerate() {
                    children.push(Item {
                        value,
                        shape: item_shape,
                        path: format!("{}.{}.member", item.path, i + 1),
                        sensitive: item.sensitive,
                    });
                }
            }
        }
        (ShapeKind::String, Value::String(text)) => {
            let allowed: Vec<&str> = shape.enum_values().collect();
            if !allowed.is_empty() {
                if !allowed.contains(&text.as_str()) {
                    let listed = RECORDED_ENUM_ORDERS
                        .iter()
                        .find(|(path, order)| {
                            *path == item.path
                                && order.len() == allowed.len()
                                && order.iter().all(|v| allowed.contains(v))
                        })
                        .map_or(allowed.as_slice(), |(_, order)| order);
                    fail(format!(
                        "Member must satisfy enum value set: [{}]",
                        listed.join(", ")
                    ));
                }
                return;
            }
            // Lengths in characters (UTF-16 code units on AWS's JVM; the same for all but
            // characters beyond the Basic Multilingual Plane).
            let chars = text.encode_utf16().count();
            if let Some(error) = length(chars, bounds) {
                fail(error);
            } else if let Some(pattern) = shape.pattern() {
                // The model's pattern, judged by the one translation of the models' patterns
                // (`Shape::check`: Smithy's patterns are not anchored, so a value
                // conforms when the pattern matches somewhere in it); one it cannot translate
                // is not judged.
                let refused = shape
                    .check(item.value)
                    .iter()
                    .any(|f| matches!(f.kind, FindingKind::NoMatch { .. }));
                if refused {
                    fail(format!(
                        "Member must satisfy regular expression pattern: {pattern}"
                    ));
                }
            }
        }
        (ShapeKind::Integer | ShapeKind::Number, Value::Number(n)) => {
            let Some(n) = n.as_f64() else { return };
            if let Some(max) = bounds.max.filter(|max| n > *max) {
                fail(format!(
                    "Member must have value less than or equal to {}",
                    number(max)
                ));
            } else if let Some(min) = bounds.min.filter(|min| n < *min) {
                fail(format!(
                    "Member must have value greater than or equal to {}",
                    number(min)
                ));
            }
        }
        // A value of another JSON type: the operation's reading answers it.
        _ => {}
    }
}

/// The error for a length (of a string or a list) outside `bounds`, if it is.
fn length(n: usize, bounds: Bounds) -> Option<String> {
    let n = n as f64;
    if let Some(max) = bounds.max.filter(|max| n > *max) {
        return Some(format!(
            "Member must have length less than or equal to {}",
            number(max)
        ));
    }
    bounds.min.filter(|min| n < *min).map(|min| {
        format!(
            "Member must have length greater than or equal to {}",
            number(min)
        )
    })
}

/// A bound as the message writes it: `80`, `0.5`.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refused(operation: &str, request: Value) -> String {
        let Value::Object(map) = request else {
            panic!("an object")
        };
        match check_request(operation, &map) {
            Err(e) => {
                assert_eq!(e.name, "ValidationException");
                e.message
            }
            Ok(()) => panic!("{operation} {map:?} passed"),
        }
    }

    /// A step from a request to one of its members: a member's name, or a list's item.
    #[derive(Clone)]
    enum Step {
        Key(String),
        Item,
    }

    /// A request holding `value` where `steps` lead.
    fn request_at(steps: &[Step], value: Value) -> Value {
        steps.iter().rev().fold(value, |inner, step| match step {
            Step::Key(key) => json!({ key.as_str(): inner }),
            Step::Item => json!([inner]),
        })
    }

    /// Every member path of `shape` (`loggingConfiguration.level`, `tags.member.key`), with its
    /// shape and the steps to it; depth-first, iteratively.
    fn member_paths(shape: Shape) -> Vec<(String, Shape, Vec<Step>)> {
        let mut out = Vec::new();
        let mut stack = vec![(String::new(), shape, Vec::new())];
        while let Some((prefix, shape, steps)) = stack.pop() {
            for member in shape.members() {
                let name = wire_name(member.name());
                let path = format!("{prefix}{name}");
                let mut here = steps.clone();
                here.push(Step::Key(name));
                let inner = member.shape();
                out.push((path.clone(), inner, here.clone()));
                match inner.kind() {
                    ShapeKind::Object if here.len() < 8 => {
                        stack.push((format!("{path}."), inner, here));
                    }
                    ShapeKind::Array => {
                        if let Some(item) = inner.item().filter(|i| i.kind() == ShapeKind::Object) {
                            here.push(Step::Item);
                            stack.push((format!("{path}.member."), item, here));
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    #[test]
    fn every_member_of_every_operations_input_is_held_to_its_json_type() {
        let mut counts = Vec::new();
        for operation in super::super::OPERATIONS {
            let shape = input_shape(operation).expect("an input shape");
            let paths = member_paths(shape);
            for (path, member, steps) in &paths {
                // A value of another JSON type than the member's.
                let wrong = match member.kind() {
                    ShapeKind::String
                    | ShapeKind::JsonText
                    | ShapeKind::Timestamp
                    | ShapeKind::Blob => json!(7),
                    ShapeKind::Any => continue,
                    _ => json!("text"),
                };
                let Value::Object(request) = request_at(steps, wrong) else {
                    panic!("{operation} {path}: a request is an object");
                };
                let refused = check_request(operation, &request)
                    .expect_err(&format!("{operation} {path}: a mistyped member passed"));
                assert_eq!(refused.name, "SerializationException", "{operation} {path}");
            }
            counts.push(format!(
                "{operation} {}: {}",
                paths.len(),
                paths
                    .iter()
                    .map(|(p, _, _)| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        // The fields checked, per operation (`--nocapture` shows them).
        println!("{}", counts.join("\n"));
        assert!(counts.len() == super::super::OPERATIONS.len());
    }

    #[test]
    fn every_served_operation_has_an_input_shape() {
        for operation in super::super::OPERATIONS {
            assert!(input_shape(operation).is_some(), "{operation}");
        }
    }

    #[test]
    fn lengths_ranges_enums_and_patterns_are_the_models() {
        assert_eq!(
            refused(
                "StartExecution",
                json!({"stateMachineArn": "a", "name": "n".repeat(81)})
            ),
            format!(
                "1 validation error detected: Value '{}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80",
                "n".repeat(81)
            )
        );
        assert_eq!(
            refused("CreateActivity", json!({"name": ""})),
            "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1"
        );
        assert_eq!(
            refused(
                "ListExecutions",
                json!({"maxResults": 1001, "statusFilter": "DONE"})
            ),
            "2 validation errors detected: Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]; Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000"
        );
        assert_eq!(
            refused("DescribeExecution", json!({})),
            "1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: Member must not be null"
        );
        assert_eq!(
            refused(
                "StartExecution",
                json!({"stateMachineArn": "a", "input": "x".repeat(262_145)})
            ),
            "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144"
        );
        assert_eq!(
            refused(
                "TagResource",
                json!({"resourceArn": "a", "tags": [{"key": "k"}, {"key": ""}]})
            ),
            "1 validation error detected: Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"
        );
        assert_eq!(
            refused(
                "RedriveExecution",
                json!({"executionArn": "a", "clientToken": "  "})
            ),
            "1 validation error detected: Value '  ' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+"
        );
        assert!(
            check_request("ListStateMachines", &Map::new()).is_ok(),
            "nothing is required"
        );
    }
}
