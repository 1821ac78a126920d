//! Step Functions' own integrations answered by the server itself: `states:startExecution`
//! (request-response, `.sync`, `.sync:2`, `.waitForTaskToken`) and every
//! `aws-sdk:sfn:*` action run against the server's own state machines and executions, with no
//! endpoint, as the same calls on AWS run against AWS's. A Task's request is put on the wire by
//! Step Functions' model (AWS JSON 1.0, what a client of the server sends), answered by
//! [`Service::answer`], and the answer read back as Step Functions hands it to the state; an
//! error is named as on AWS (`StepFunctions.StateMachineDoesNotExistException` for the
//! optimized integration, `Sfn.ExecutionDoesNotExistException` for the SDK's); a `.sync` child
//! is watched by `DescribeExecution` until it ends, and a failed one fails the Task with
//! `States.TaskFailed` and its description as the cause. An EXPRESS child is watched so too,
//! though the API describes no EXPRESS execution to a client (`ExecutionDoesNotExist`, see
//! `visible::recorded_execution`):
//! Step Functions itself waits for it (a STANDARD workflow starts an EXPRESS one with
//! `.sync:2`, the Developer Guide's "Selective checkpointing" sample; issue 75).
//!
//! A child started without a name is named by the Task's attempt (`TaskCall::attempt_id`, a
//! UUID as AWS names one, derived from the parent's execution, the state's entry and the
//! retry), and every child records the attempt that started it: a parent resumed after a
//! restart, whose Task starts its child again, finds the child it started before (running:
//! `StartExecution`'s own idempotency; ended: the same attempt's, which the Task watches as
//! it would have) and starts no second one.
//!
//! A mock configuration's test case answers first (its mocked states), and the handlers this
//! module registers come before `--aws-endpoint`'s.

use super::protocol::{ApiError, timestamp};
use super::service::{Caller, Service};
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Weak};
use std::time::Duration;
use workflow_asl::{ErrorName, StateMachine};
use workflow_aws_models::{EndpointCall, JobOutcome, Operation, WireResponse};
use workflow_runtime::engine::{Engine, TaskCall, TaskFailure, TaskOutput};

/// How long a `.sync` child is left between two `DescribeExecution`s.
const POLL: Duration = Duration::from_millis(50);

/// `engine`, its Tasks on Step Functions' integrations in `machine` answered by `service`.
pub(crate) fn own_step_functions(
    mut engine: Engine,
    machine: &StateMachine,
    service: Option<Weak<Service>>,
) -> Engine {
    let Some(service) = service else {
        return engine;
    };
    let mut registered = HashSet::new();
    let walk = machine.walk();
    for (_, task) in walk.tasks() {
        let Some(integration) = task.resource.integration() else {
            continue;
        };
        let step_functions = integration
            .api_operation()
            .is_some_and(|op| op.service().botocore_name() == "stepfunctions");
        if !step_functions || !registered.insert(integration.resource()) {
            continue;
        }
        let Ok(call) = integration.endpoint_call() else {
            continue;
        };
        let call = Arc::new(call);
        let service = service.clone();
        engine = engine.handler(integration.clone(), move |task: TaskCall| {
            let (service, call) = (service.clone(), Arc::clone(&call));
            async move {
                answer(&service, &call, task.input, &task.attempt_id)
                    .await
                    .map(TaskOutput::from)
            }
        });
    }
    engine
}

/// The answer of `operation` to `input`: its output (named as the integration names it) and
/// the headers a client would have seen; or the Task's failure.
async fn invoke(
    service: &Weak<Service>,
    call: &EndpointCall,
    operation: Operation,
    input: &Value,
    caller: Caller,
) -> Result<(Value, Vec<(String, String)>), TaskFailure> {
    let request = operation.encode_request(input).map_err(|e| {
        TaskFailure::new(
            ErrorName::Runtime,
            format!(
                "the request to Step Functions' {} cannot be made: {e}",
                operation.name()
            ),
        )
    })?;
    let body: Map<String, Value> = serde_json::from_slice(&request.body).unwrap_or_default();
    let service = service.upgrade().ok_or_else(|| {
        TaskFailure::new(
            "StepFunctions.SdkClientException",
            "Unable to execute HTTP request: the server is stopping",
        )
    })?;
    let headers = vec![
        (
            "content-type".to_owned(),
            "application/x-amz-json-1.0".to_owned(),
        ),
        ("x-amzn-requestid".to_owned(), service.uuid()),
    ];
    let attempt = caller.task_attempt.clone().unwrap_or_default();
    let answered = (service.settings.operations)(
        Arc::clone(&service),
        operation.name().to_owned(),
        body.clone(),
        caller,
    )
    .await;
    let (status, answer) =
        match answered.or_else(|error| started_before(&service, &body, &attempt, error)) {
            Ok(answer) => (200, answer),
            Err(error) => (
                error.status,
                json!({"__type": error.name, "message": error.message}),
            ),
        };
    let text = answer.to_string();
    let response = WireResponse {
        status,
        headers: &headers,
        body: text.as_bytes(),
    };
    if !response.is_success() {
        let (name, cause) = call.failure(&operation.decode_error(&response));
        return Err(TaskFailure::new(name, cause));
    }
    let output = operation
        .decode_response(&response, call.naming())
        .map_err(|e| TaskFailure::new(ErrorName::Runtime, e.to_string()))?;
    Ok((output, headers))
}

/// A Task's answer: the call's result, or the `.sync` child's once it ended.
async fn answer(
    service: &Weak<Service>,
    call: &EndpointCall,
    mut input: Value,
    attempt: &str,
) -> Result<Value, TaskFailure> {
    // A child without a name is named by the attempt (see the module's documentation).
    if call.operation().name() == "StartExecution"
        && let Some(members) = input.as_object_mut()
        && !members.contains_key("Name")
        && !members.contains_key("name")
    {
        members.insert("Name".into(), Value::String(attempt.to_owned()));
    }
    let input = &input;
    let caller = Caller {
        trace_header: None,
        task_attempt: Some(attempt.to_owned()),
        watching_child: false,
    };
    let (output, headers) = invoke(service, call, call.operation(), input, caller.clone()).await?;
    let Some(job) = call.job() else {
        let response = WireResponse {
            status: 200,
            headers: &headers,
            body: b"",
        };
        return call
            .result(output, &response)
            .map_err(|(error, cause)| TaskFailure::new(error, cause));
    };
    let request = job.describe_request(input, &output);
    // Step Functions' own DescribeExecution of the child it waits for (an EXPRESS one too).
    let watching = Caller {
        watching_child: job.describe().name() == "DescribeExecution",
        ..caller
    };
    loop {
        pause(service, &request).await;
        let (described, _) =
            invoke(service, call, job.describe(), &request, watching.clone()).await?;
        match job.outcome(&described) {
            JobOutcome::Running => {}
            JobOutcome::Succeeded(result) => return Ok(result),
            JobOutcome::Failed(described) => {
                return Err(TaskFailure::new(
                    ErrorName::TaskFailed,
                    described.to_string(),
                ));
            }
        }
    }
}

/// The wait before the next `DescribeExecution` of the child `request` names: [`POLL`] on the
/// system's clock; on a virtual clock, until the child's end is written, a wait for another
/// execution that keeps the clock from no one (the child's end holds it until written, see
/// `executions::start::launch`), so that time passes for the child while its parent waits.
async fn pause(service: &Weak<Service>, request: &Value) {
    let on_a_virtual_clock = service
        .upgrade()
        .filter(|service| service.settings.clock.is_some());
    let Some(service) = on_a_virtual_clock else {
        tokio::time::sleep(POLL).await;
        return;
    };
    // The request as Step Functions' Task writes it (`ExecutionArn`), or as the API's.
    let child = ["ExecutionArn", "executionArn"]
        .iter()
        .find_map(|member| request.get(*member)?.as_str()?.parse().ok())
        .and_then(|arn| service.roster.get(&arn));
    drop(service);
    workflow_local_engine::awaiting_other_executions(async move {
        match child {
            Some(child) => {
                child.written.wait_for(|w| w.end.is_some()).await;
            }
            // A child the roster does not hold (an EXPRESS one): watched as on the system's
            // clock.
            None => tokio::time::sleep(POLL).await,
        }
    })
    .await;
}

/// `StartExecution`'s refusal `error` of a child this same attempt started before (a parent
/// resumed after a restart starts it again): the answer the first start had. Any other
/// refusal stays one.
fn started_before(
    service: &Service,
    request: &Map<String, Value>,
    attempt: &str,
    error: ApiError,
) -> Result<Value, ApiError> {
    if error.name != "ExecutionAlreadyExists" {
        return Err(error);
    }
    let (Some(machine), Some(name)) = (
        request.get("stateMachineArn").and_then(Value::as_str),
        request.get("name").and_then(Value::as_str),
    ) else {
        return Err(error);
    };
    let first = service.roster.newest_first().into_iter().find(|record| {
        record.name() == name
            && (record.machine.arn.to_string() == machine
                || record
                    .version_arn()
                    .is_some_and(|v| v.to_string() == machine)
                || record.alias_arn().is_some_and(|a| a.to_string() == machine))
            && record.started_by() == Some(attempt)
    });
    match first {
        Some(record) => Ok(json!({
            "executionArn": record.arn.to_string(),
            "startDate": timestamp(record.start_ms),
        })),
        None => Err(error),
    }
}
