//! What handlers and mocks return, checked against the integration's result shape (for
//! `.sync`, the finished job's description, e.g. DescribeTrainingJob's output) as AWS's
//! TestState API checks its mocks' results under `fieldValidationMode`.
//!
//! TestState answers a mocked result that does not conform with a `ValidationException`
//! ("Mock result schema validation error: Field 'Entries' must be an array"): the test's
//! set-up is wrong, not the task. Inside an execution the engine reports it as
//! `States.Runtime`, which no Retrier or Catcher handles, so the run fails naming the state,
//! the field and the type it must have.

use crate::core::task_outcome::{TaskFailure, TaskOutput};
use serde_json::Value;
use workflow_aws_models::{FieldValidationMode, Finding, FindingKind, Resource, Shape};

/// Whether the request hands the task token to someone (a `.sync` child execution, a queue
/// message): then whoever holds it may end the task with any output (`SendTaskSuccess`), as
/// an execution recorded on AWS shows (`callback.test_callback__test_sync_with_task_token`),
/// and the result is not the integration's.
pub(crate) fn passes_token(token: Option<&str>, request: &Value) -> bool {
    let Some(token) = token else { return false };
    // An explicit stack: requests are user data and may nest deeply.
    let mut stack = vec![request];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(s) if s == token => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
}

/// How the result `output` is checked when the engine's mode is `engine`. A handler typed by
/// the workflow (`Engine::task` with a `workflow!` constant) answers with the response type the
/// macro generated, which holds exactly the fields the workflow reads (or what its `returns`
/// declares): the compiler made it give those, so under the default `STRICT` it is held to
/// `PRESENT` — every field it gives must fit the integration's result shape (types, enums,
/// bounds), and none the workflow never reads is required. The alternative, the full result
/// model in the generated type, would make every typed handler invent the members nobody reads
/// (a `.sync:2` child's ARNs, dates and status; DescribeTrainingJob's dozens), grow each
/// generated type by the model's size (the user's build pays for it), and still not make
/// "compiles" mean "passes" (enums, patterns and bounds are not Rust types). An untyped
/// handler (`serde_json::Value`, or `TaskCall`) keeps the engine's mode.
pub(crate) fn mode(engine: FieldValidationMode, output: &TaskOutput) -> FieldValidationMode {
    if output.from_service {
        return FieldValidationMode::None;
    }
    match engine {
        FieldValidationMode::Strict if output.typed_by_workflow => FieldValidationMode::Present,
        other => other,
    }
}

/// The result shape of the integration `resource` names, if it has one.
pub(crate) fn result_shape(resource: &Resource) -> Option<Shape> {
    resource.integration()?.result()
}

/// Checks the result of Task state `state` (calling `resource`) under `mode`: `Ok` when it
/// conforms (or the integration has no result shape), else the `States.Runtime` failure.
pub(crate) fn check(
    mode: FieldValidationMode,
    state: &str,
    resource: &Resource,
    result: &Value,
) -> Result<(), TaskFailure> {
    if mode == FieldValidationMode::None {
        return Ok(());
    }
    let Some(shape) = result_shape(resource) else {
        return Ok(());
    };
    let findings = shape.validate(result, mode);
    if findings.is_empty() {
        return Ok(());
    }
    // Every problem at once, so that a fake is fixed in one round, not one per field.
    let problems = findings
        .iter()
        .map(|finding| describe(shape, finding))
        .collect::<Vec<_>>()
        .join("; ");
    let count = match findings.len() {
        1 => String::new(),
        n => format!(" ({n} problems)"),
    };
    Err(TaskFailure::new(
        workflow_asl::ErrorName::Runtime,
        format!(
            "result schema validation error in Task state `{state}`{count}: {problems}; the result of `{resource}` must match `{}` (fieldValidationMode {mode})",
            shape.name().unwrap_or("its result shape"),
        ),
    ))
}

/// One finding as the engine says it: the field's pointer, what is wrong, the type expected.
pub(crate) fn describe(shape: Shape, finding: &Finding) -> String {
    let field = if finding.pointer.is_empty() {
        "the result".to_owned()
    } else {
        format!("field `{}`", finding.pointer)
    };
    match &finding.kind {
        FindingKind::MissingKey { .. } => {
            let expected = shape
                .at_pointer(&finding.pointer)
                .map_or_else(|| "a value".to_owned(), Shape::describe);
            format!("{field} is required but missing; it must be {expected}")
        }
        FindingKind::WrongType {
            expected, found, ..
        } => {
            format!("{field} must be {expected}, found {found}")
        }
        FindingKind::NotInEnum {
            value,
            expected,
            suggestion,
        } => {
            let hint = suggestion
                .as_ref()
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            format!("{field} must be {expected}, found `{value}`{hint}")
        }
        FindingKind::OutOfBounds {
            expected, found, ..
        } => {
            format!("{field} must be {expected}, found {found}")
        }
        // Results accept keys the model does not know, as AWS does; a request's finding, as
        // is a pattern's.
        FindingKind::UnknownKey { .. } | FindingKind::NoMatch { .. } => {
            format!("{field}: {finding}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn training() -> Resource {
        Resource::parse("arn:aws:states:::sagemaker:createTrainingJob.sync")
    }

    #[test]
    fn a_handler_typed_by_the_workflow_is_held_to_present_under_strict() {
        let typed = TaskOutput {
            typed_by_workflow: true,
            ..TaskOutput::from(json!({}))
        };
        let untyped = TaskOutput::from(json!({}));
        assert_eq!(
            mode(FieldValidationMode::Strict, &typed),
            FieldValidationMode::Present
        );
        assert_eq!(
            mode(FieldValidationMode::Strict, &untyped),
            FieldValidationMode::Strict
        );
        // A mode the test chose otherwise stays.
        assert_eq!(
            mode(FieldValidationMode::None, &typed),
            FieldValidationMode::None
        );
        assert_eq!(
            mode(FieldValidationMode::Present, &untyped),
            FieldValidationMode::Present
        );
    }

    #[test]
    fn a_misspelt_field_fails_strict_naming_state_field_and_type() {
        let failure = check(
            FieldValidationMode::Strict,
            "Train model",
            &training(),
            &json!({"TrainingJobStatuss": "Completed"}),
        )
        .unwrap_err();
        assert_eq!(failure.error, "States.Runtime");
        assert!(
            failure.cause.contains("Task state `Train model`"),
            "{}",
            failure.cause
        );
        assert!(
            failure.cause.contains("`DescribeTrainingJobResponse`"),
            "{}",
            failure.cause
        );
        assert!(
            failure.cause.contains("(fieldValidationMode STRICT)"),
            "{}",
            failure.cause
        );
        assert!(
            failure.cause.contains("required but missing; it must be"),
            "{}",
            failure.cause
        );
    }

    #[test]
    fn every_problem_of_a_result_is_listed_at_once() {
        // Three fields wrong: one run names all three (issue 25, friction 4).
        let failure = check(
            FieldValidationMode::Strict,
            "Train model",
            &training(),
            &json!({"TrainingJobStatuss": "Completed", "SecondaryStatus": 7, "TrainingJobArn": false}),
        )
        .unwrap_err();
        let cause = &failure.cause;
        assert!(cause.contains("problems)"), "{cause}");
        assert!(!cause.contains("more problem"), "{cause}");
        for field in ["/TrainingJobStatus", "/SecondaryStatus", "/TrainingJobArn"] {
            assert!(
                cause.contains(&format!("field `{field}`")),
                "{field}: {cause}"
            );
        }
    }

    #[test]
    fn a_task_token_handed_on_anywhere_in_the_request_is_found() {
        let request = json!({"Input": {"Deep": [{"TaskToken": "tok-1"}]}});
        assert!(passes_token(Some("tok-1"), &request));
        assert!(!passes_token(Some("tok-2"), &request));
        assert!(!passes_token(None, &request));
    }

    #[test]
    fn present_and_none_accept_what_they_should() {
        let misspelt = json!({"TrainingJobStatuss": "Completed"});
        assert!(check(FieldValidationMode::Present, "T", &training(), &misspelt).is_ok());
        let wrong_type = json!({"TrainingJobStatus": 3});
        let failure =
            check(FieldValidationMode::Present, "T", &training(), &wrong_type).unwrap_err();
        assert!(
            failure
                .cause
                .contains("field `/TrainingJobStatus` must be a string, one of"),
            "{}",
            failure.cause
        );
        assert!(check(FieldValidationMode::None, "T", &training(), &wrong_type).is_ok());
        // Resources without a result shape (a Lambda function ARN) are not checked.
        let function = Resource::parse("arn:aws:lambda:us-east-1:123456789012:function:f");
        assert!(check(FieldValidationMode::Strict, "T", &function, &json!(1)).is_ok());
    }
}
