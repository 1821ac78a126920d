//! The console's check of an execution's input before it starts one: what `StartExecution`
//! itself checks (JSON, the service's 262,144 bytes, 1,000 levels of nesting), and, for a
//! machine whose definition is a `workflow!` workflow's the server was told of
//! (`ServerBuilder::workflow`, or a crate's own `workflow serve` through `main_with`), that
//! workflow's input schema (`Workflow::INPUT_SCHEMA`, [`InputType::check`]).

use super::request_of;
use crate::dispatch::call_as;
use crate::executions::execution_input;
use crate::protocol::{ApiError, Fields};
use crate::service::Service;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use workflow_runtime::InputType;
use workflow_runtime::asl::Severity;
use workflow_runtime::execution::MAX_PAYLOAD_BYTES;

/// A workflow whose machines' input the console checks: its name, its definition (parsed, to
/// compare with a machine's) and its input schema.
#[derive(Clone, Debug)]
pub(crate) struct KnownWorkflow {
    name: String,
    definition: Value,
    schema: InputType,
}

impl KnownWorkflow {
    /// The workflow `name` whose ASL is `asl` and input schema `schema`; `None` when `asl` is
    /// not JSON (it always is, for a workflow `workflow!` expands).
    pub(crate) fn new(name: &str, asl: &str, schema: InputType) -> Option<KnownWorkflow> {
        Some(KnownWorkflow {
            name: name.to_owned(),
            definition: serde_json::from_str(asl).ok()?,
            schema,
        })
    }
}

/// The workflow among `known` whose definition is JSON-equal to `definition` (members in any
/// order; `${Name}` substitutions are not undone, so a machine deployed with them matches
/// none).
fn known_for<'k>(known: &'k [KnownWorkflow], definition: &str) -> Option<&'k KnownWorkflow> {
    if known.is_empty() {
        return None;
    }
    let definition: Value = serde_json::from_str(definition).ok()?;
    known.iter().find(|k| k.definition == definition)
}

/// The check of a request `{stateMachineArn, input}`: `{workflow, schema, example, bytes,
/// limit, problems: [{source, severity, pointer, message}]}` (`source`: `service` for what
/// `StartExecution` would refuse, `schema` for the workflow's schema), `workflow`, `schema` (the type as the
/// language writes it) and `example` (an input with every required field) `null` for a machine
/// of no known workflow; `input` may be left out to ask only for the schema.
pub(super) async fn check(
    service: &Arc<Service>,
    known: &[KnownWorkflow],
    request: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let arn = request.required("stateMachineArn")?;
    let described = call_as(
        service,
        "DescribeStateMachine",
        &request_of("stateMachineArn", arn.into()),
        crate::state_machines::describe_state_machine,
    )
    .await?;
    let workflow = known_for(known, &described.definition);
    let mut problems = Vec::new();
    let input = request.optional("input")?;
    if let Some(text) = input {
        match execution_input(text) {
            Err(e) => problems.push(json!({
                "source": "service",
                "severity": "ERROR",
                "pointer": "",
                "message": e.message,
            })),
            Ok(value) => {
                if let Some(workflow) = workflow {
                    problems.extend(workflow.schema.check(&value).iter().map(|p| {
                        json!({
                            "source": "schema",
                            "severity": if p.severity == Severity::Error { "ERROR" } else { "WARNING" },
                            "pointer": p.pointer.as_str(),
                            "message": p.message,
                        })
                    }));
                }
            }
        }
    }
    Ok(json!({
        "workflow": workflow.map(|w| w.name.clone()),
        "schema": workflow.map(|w| w.schema.to_string()),
        "example": workflow.map(|w| example(&w.schema)),
        "bytes": input.map(str::len),
        "limit": MAX_PAYLOAD_BYTES,
        "problems": problems,
    }))
}

/// An input of type `ty` with every required field: `""`, `0`, `false`, the Unix epoch for a
/// timestamp, an example ARN, `null` for `any`, one element per array. Built with a stack: no
/// recursion however deep the schema nests.
fn example(ty: &InputType) -> Value {
    // Values made, and what is left: a type to make, or an array or object to close.
    enum Work<'t> {
        Make(&'t InputType),
        Array,
        Object(Vec<&'static str>),
    }
    let mut work = vec![Work::Make(ty)];
    let mut made: Vec<Value> = Vec::new();
    while let Some(next) = work.pop() {
        match next {
            Work::Make(ty) => match ty {
                InputType::String => made.push("".into()),
                InputType::Number | InputType::Integer => made.push(0.into()),
                InputType::Boolean => made.push(false.into()),
                InputType::Timestamp => made.push("1970-01-01T00:00:00Z".into()),
                InputType::Arn => {
                    made.push("arn:aws:states:us-east-1:123456789012:stateMachine:Example".into())
                }
                InputType::Any => made.push(Value::Null),
                InputType::Array(item) => {
                    work.push(Work::Array);
                    work.push(Work::Make(item));
                }
                InputType::Object(fields) => {
                    let required: Vec<_> = fields.iter().filter(|f| !f.optional).collect();
                    work.push(Work::Object(required.iter().map(|f| f.name).collect()));
                    for field in required.iter().rev() {
                        work.push(Work::Make(&field.ty));
                    }
                }
            },
            Work::Array => {
                let item = made.pop().unwrap_or(Value::Null);
                made.push(Value::Array(vec![item]));
            }
            Work::Object(names) => {
                let values = made.split_off(made.len().saturating_sub(names.len()));
                made.push(Value::Object(
                    names.into_iter().map(str::to_owned).zip(values).collect(),
                ));
            }
        }
    }
    made.pop().unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_runtime::InputField;

    const ORDER: InputType = InputType::Object(&[
        InputField::required("order_id", InputType::String),
        InputField::optional("note", InputType::String),
        InputField::required(
            "items",
            InputType::Array(&InputType::Object(&[
                InputField::required("sku", InputType::String),
                InputField::required("qty", InputType::Integer),
            ])),
        ),
        InputField::required("placed", InputType::Timestamp),
    ]);

    #[test]
    fn the_example_has_every_required_field_and_fits_the_schema() {
        let example = example(&ORDER);
        assert_eq!(
            example,
            json!({"order_id": "", "items": [{"sku": "", "qty": 0}], "placed": "1970-01-01T00:00:00Z"})
        );
        assert!(ORDER.check(&example).is_empty());
    }

    #[test]
    fn a_machine_matches_the_workflow_whose_definition_it_has() {
        let asl = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
        let known = [KnownWorkflow::new("Orders", asl, ORDER).expect("JSON")];
        let reordered = r#"{"States":{"A":{"End":true,"Type":"Pass"}},"StartAt":"A"}"#;
        assert_eq!(
            known_for(&known, reordered).map(|k| k.name.as_str()),
            Some("Orders")
        );
        assert!(
            known_for(
                &known,
                r#"{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}"#
            )
            .is_none()
        );
    }
}
