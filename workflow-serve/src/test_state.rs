//! `TestState`: one state run once on the engine (see [`workflow_runtime::engine::TestState`]), answered
//! in the API's shape.

use super::protocol::ApiError;
use super::requests::{InspectionData, InspectionErrorDetails, TestStateInput, TestStateOutput};
use super::service::Service;
use serde_json::{Map, Value};
use std::sync::Arc;
use workflow_runtime::aws_models::RoleArn;
use workflow_runtime::engine::{Engine, TestState, TestStateError};

/// `TestState`: the state runs once, a task of the server's runtime (no thread or runtime of
/// its own), and the call waits for it as a future.
pub(crate) async fn test_state(
    _service: Arc<Service>,
    r: TestStateInput,
) -> Result<TestStateOutput, ApiError> {
    {
        let mut request = TestState::new(&r.definition);
        if let Some(name) = &r.state_name {
            request = request.state_name(name);
        }
        if let Some(arn) = &r.role_arn {
            // Refused as `CreateStateMachine` refuses it: `InvalidArn`, one of TestState's
            // errors (API reference, TestState, Errors).
            let role =
                RoleArn::parse(arn).map_err(|e| ApiError::new("InvalidArn", e.to_string()))?;
            request = request.role_arn(role);
        }
        if let Some(input) = &r.input {
            request = request.input(json_field(input, "input", "InvalidExecutionInput")?);
        }
        if let Some(level) = r.inspection_level {
            request = request.inspection_level(level);
        }
        if let Some(variables) = &r.variables {
            request = request.variables(json_field(variables, "variables", "ValidationException")?);
        }
        if let Some(context) = &r.context {
            request = request.context(json_field(context, "context", "ValidationException")?);
        }
        if let Some(mock) = &r.mock {
            match (&mock.result, &mock.error_output) {
                // AWS's words (recorded: LocalStack's `test_state_mock_validation` snapshots).
                (Some(_), Some(_)) => {
                    return Err(ApiError::validation(
                        "A test mock should have only one of the following fields: [result, errorOutput].",
                    ));
                }
                (Some(result), None) => {
                    let result = workflow_text::json::parse_data(result)
                        .map_err(|_| ApiError::validation("Mocked result must be valid JSON"))?;
                    request = request.mock_result(result);
                }
                (None, Some(error)) => {
                    let Some(name) = &error.error else {
                        return Err(ApiError::validation(
                            "1 validation error detected: Value null at 'error' failed to satisfy constraint: Member must not be null",
                        ));
                    };
                    request = request.mock_error(name, error.cause.as_deref().unwrap_or(""));
                }
                (None, None) => {
                    return Err(ApiError::validation(
                        "a mock needs a result or an errorOutput",
                    ));
                }
            }
            if let Some(mode) = mock.field_validation_mode {
                request = request.field_validation(mode);
            }
        }
        if let Some(config) = &r.state_configuration {
            // Their lower bound (0) is the API model's, checked before any operation.
            if let Some(count) = config.retrier_retry_count {
                request = request.retrier_retry_count(u32::try_from(count).unwrap_or(u32::MAX));
            }
            if let Some(count) = config.map_iteration_failure_count {
                request =
                    request.map_iteration_failure_count(u32::try_from(count).unwrap_or(u32::MAX));
            }
            if let Some(name) = &config.error_caused_by_state {
                request = request.error_caused_by_state(name);
            }
            if let Some(data) = &config.map_item_reader_data {
                request = request.map_item_reader_data(data);
            }
        }
        if let Some(reveal) = r.reveal_secrets {
            request = request.reveal_secrets(reveal);
        }
        // The definition is decoded and validated once, here; the run takes it as it is.
        let prepared = request.prepare().map_err(refusal)?;
        // AWS calls the service of an unmocked Task with the request's role.
        if r.role_arn.is_none() && prepared.calls_a_service() {
            return Err(ApiError::validation(
                "RoleArn must be specified when testing a Task state",
            ));
        }
        // A task of its own, as every execution: a run that panics fails this call only.
        let answer =
            crate::tasks::spawn_owned(
                async move { Engine::new().test_state(&prepared).run().await },
            )
            .await
            .map_err(|_| ApiError::internal("the state's run panicked"))?;
        answered(answer.map_err(refusal)?)
    }
}

/// The engine's outcome of the tested state as the API's `TestStateOutput`: its JSON values
/// as text, its inspection data as the model's `InspectionData`.
fn answered(out: workflow_runtime::engine::TestStateOutput) -> Result<TestStateOutput, ApiError> {
    Ok(TestStateOutput {
        output: out.output.as_ref().map(Value::to_string),
        error: out.error.as_ref().map(|e| e.as_str().to_owned()),
        cause: out.cause,
        inspection_data: out.inspection_data.as_ref().map(inspection).transpose()?,
        next_state: out.next_state,
        status: Some(out.status),
    })
}

/// The engine's inspection data (by the API's member names, values as JSON) as the model's
/// `InspectionData`: a JSON value as its text, the numbers and `errorDetails` as they are. A
/// member the model does not have is the engine's bug, answered as an internal error rather
/// than left out.
fn inspection(data: &Map<String, Value>) -> Result<InspectionData, ApiError> {
    let text = |key: &str| data.get(key).map(Value::to_string);
    let integer = |key: &str| data.get(key).and_then(Value::as_i64);
    const MEMBERS: &[&str] = &[
        "input",
        "afterArguments",
        "afterInputPath",
        "afterParameters",
        "result",
        "afterResultSelector",
        "afterResultPath",
        "variables",
        "errorDetails",
        "afterItemsPath",
        "afterItemSelector",
        "afterItemBatcher",
        "afterItemsPointer",
        "toleratedFailureCount",
        "toleratedFailurePercentage",
        "maxConcurrency",
    ];
    if let Some(other) = data.keys().find(|k| !MEMBERS.contains(&k.as_str())) {
        return Err(ApiError::internal(format!(
            "the engine's inspection data has `{other}`, which TestStateOutput's InspectionData has not"
        )));
    }
    let error_details = data.get("errorDetails").map(|details| {
        let index = |key: &str| details.get(key).and_then(Value::as_i64);
        InspectionErrorDetails {
            catch_index: index("catchIndex"),
            retry_index: index("retryIndex"),
            retry_backoff_interval_seconds: index("retryBackoffIntervalSeconds"),
        }
    });
    Ok(InspectionData {
        input: text("input"),
        after_arguments: text("afterArguments"),
        after_input_path: text("afterInputPath"),
        after_parameters: text("afterParameters"),
        result: text("result"),
        after_result_selector: text("afterResultSelector"),
        after_result_path: text("afterResultPath"),
        request: None,
        response: None,
        variables: text("variables"),
        error_details,
        after_items_path: text("afterItemsPath"),
        after_item_selector: text("afterItemSelector"),
        after_item_batcher: text("afterItemBatcher"),
        after_items_pointer: text("afterItemsPointer"),
        tolerated_failure_count: integer("toleratedFailureCount"),
        tolerated_failure_percentage: data
            .get("toleratedFailurePercentage")
            .and_then(Value::as_f64),
        max_concurrency: integer("maxConcurrency"),
    })
}

/// TestState's refusal in the API's terms.
fn refusal(error: TestStateError) -> ApiError {
    match error {
        TestStateError::InvalidDefinition(d) => super::state_machines::invalid_definition(&d),
        TestStateError::Validation(m) => ApiError::validation(m),
        TestStateError::Unsupported(m) => ApiError::new("InvalidDefinition", m),
        TestStateError::InvalidInput(m) => ApiError::new(
            "InvalidExecutionInput",
            format!("Invalid Execution Input: {m}"),
        ),
        TestStateError::Engine(e) => ApiError::internal(e.to_string()),
    }
}

/// A request member holding JSON text, decoded (nested at most as deep as any JSON the engine
/// holds, `workflow_text::json::MAX_DEPTH`, as StartExecution's input); `error` names the
/// refusal of text that is not JSON.
fn json_field(text: &str, field: &str, error: &'static str) -> Result<Value, ApiError> {
    workflow_text::json::parse_data(text)
        .map_err(|e| ApiError::new(error, format!("`{field}` is not valid JSON: {}", e.message)))
}
