//! "Resume on a new version": a failed, timed out or stopped execution resumed on a version of
//! its machine (or the machine's current definition), as `workflow resume --deploy` resumes one
//! on AWS. The execution's record is read from the server's own store by the one walk every
//! record is read by (`record_source`, as the client's `ExecutionRef::record` reads it from
//! AWS); the version's definition by `DescribeStateMachine`. The
//! engine plans where the fixed definition goes live (`StartExecution::plan`, on the server's
//! runtime) and reads from the record what ran inside the state there (`ResumePoint::strands`),
//! `workflow_runtime::resume` synthesises the one-off machine (and one per failed child
//! execution its resume state's Task started, on that child's machine's definition as it is
//! now), and the machines are created, tagged and started through the API's dispatch
//! (`CreateStateMachine`, `TagResource`, `StartExecution`), as a client would: idempotent, as
//! `Client::resume` is (the same resume again answers the same machine and execution).

use super::request_of;
use crate::dispatch::{answer, call_as};
use crate::protocol::{ApiError, Fields};
use crate::service::Service;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use workflow_aws_models::{MachineName, ResourceType, RoleArn, StatesArn, StatesResource};
use workflow_runtime::asl::StateMachine;
use workflow_runtime::engine::{Engine, EngineError};
use workflow_runtime::execution::{EventKind, ExecutionStatus};
use workflow_runtime::resume::ResumeMachine;

/// The visits the record of the execution `arn` holds (`RecordedHistory::visits`), what
/// `fromState` may name: `{"visits": [{"visit", "type", "finished", "input"}]}`.
pub(super) async fn visits(service: &Arc<Service>, arn: &str) -> Result<Value, ApiError> {
    let original = StatesArn::parse(arn).map_err(|_| ApiError::invalid_arn(arn))?;
    let record = super::record_source::record(service, &original).await?;
    let visits: Vec<Value> = record
        .visits()
        .into_iter()
        .map(|v| {
            json!({"visit": v.visit.to_string(), "type": v.state_type.as_str(),
                "finished": v.finished, "input": v.input})
        })
        .collect();
    Ok(json!({ "visits": visits }))
}

/// Resumes the execution of a request `{executionArn, stateMachineArn, fromState?, input?,
/// variables?}` (`stateMachineArn`: a version of the execution's machine, or the machine
/// itself for its current definition; `fromState`: the visit to resume at, rather than where
/// the record fails, in the visit syntax `workflow resume --from-state` takes, `Each[4]/Pack`;
/// `input`, the JSON text the visit enters with instead of the recorded input; `variables`,
/// a JSON object's text of variables it sees): `{stateMachineArn, executionArn, resumeState,
/// resumeVisit, action ("created" or "unchanged")}`. A visit the record does not hold is
/// refused (`ResumeVisitRefused`, with the visits it holds). A definition that takes another path than the record before the failure
/// (`ResumeDiverges`), or that removed or renamed the state that failed (`ResumeStateRemoved`),
/// is refused (400, the engine's message) unless `fromState` names where to resume; one the
/// validator finds errors in is refused (`ValidationException`, each diagnostic located).
pub(super) async fn resume(
    service: &Arc<Service>,
    request: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let arn = request.required("executionArn")?;
    let target = request.required("stateMachineArn")?;
    let from_state = request
        .optional("fromState")?
        .map(str::parse::<workflow_runtime::execution::Visit>)
        .transpose()
        .map_err(|e| ApiError::validation(format!("`fromState`: {e}")))?;
    let json_member = |name: &str| -> Result<Option<Value>, ApiError> {
        request
            .optional(name)?
            .map(|text| {
                serde_json::from_str::<Value>(text)
                    .map_err(|e| ApiError::validation(format!("`{name}` is not JSON: {e}")))
            })
            .transpose()
    };
    let replaced_input = json_member("input")?;
    let replaced_variables = match json_member("variables")? {
        None => None,
        Some(Value::Object(map)) => Some(map),
        Some(_) => {
            return Err(ApiError::validation(
                "`variables` is not a JSON object (variable → value)".to_owned(),
            ));
        }
    };
    if from_state.is_none() && (replaced_input.is_some() || replaced_variables.is_some()) {
        return Err(ApiError::validation(
            "`input` and `variables` are those of the visit resumed at: give `fromState`"
                .to_owned(),
        ));
    }
    let original = StatesArn::parse(arn).map_err(|_| ApiError::invalid_arn(arn))?;
    if original.kind() != ResourceType::Execution {
        return Err(not_resumable(format!(
            "`{arn}` is not a STANDARD execution's ARN: only a STANDARD execution's history is kept to resume from"
        )));
    }
    let described = super::pictures::described(service, arn).await?;
    if described.map_run_arn.is_some() {
        return Err(not_resumable(format!(
            "`{arn}` is a child execution of a Map Run: resume the execution that ran the Distributed Map, which runs its Map again"
        )));
    }
    // A visit named may be resumed at whatever the execution's end.
    if from_state.is_none()
        && !matches!(
            described.status,
            ExecutionStatus::Failed | ExecutionStatus::TimedOut | ExecutionStatus::Aborted
        )
    {
        return Err(not_resumable(format!(
            "execution `{arn}` is {}: only a FAILED, TIMED_OUT or ABORTED execution is resumed",
            described.status.as_str()
        )));
    }
    let version = call_as(
        service,
        "DescribeStateMachine",
        &request_of("stateMachineArn", target.into()),
        crate::state_machines::describe_state_machine,
    )
    .await?;
    if version.state_machine_arn.state_machine() != original.state_machine() {
        return Err(ApiError::validation(format!(
            "`{target}` is not a version of the machine execution `{arn}` ran: resume it on a version of `{}`",
            original
                .machine()
                .map(ToString::to_string)
                .unwrap_or_default()
        )));
    }
    let machine = StateMachine::from_json(&version.definition).map_err(|e| {
        ApiError::validation(format!("the definition of `{target}` cannot be read: {e}"))
    })?;
    let mut record = super::record_source::record(service, &original).await?;
    // A child execution a Task started and that failed is resumed on its machine's definition
    // as it is now (its fix), as `Client::deployed_children` gives it to `workflow resume`.
    for (child, machine) in record.unsuccessful_started() {
        let described = answer(
            Arc::clone(service),
            "DescribeStateMachine".into(),
            request_of("stateMachineArn", machine.to_string().into()),
            None,
        )
        .await;
        match described {
            Ok(described) => {
                if let Some(definition) = described["definition"].as_str() {
                    record = record.started_definition(&child, definition.to_owned());
                }
            }
            Err(e) if e.name == "StateMachineDoesNotExist" => {}
            Err(e) => return Err(e),
        }
    }
    let record_role = match record.events().first().map(|e| &e.kind) {
        Some(EventKind::ExecutionStarted { role_arn, .. }) => role_arn.clone(),
        _ => None,
    };
    // The version runs live from where the record fails: the engine refuses it with the
    // validator's errors, as `workflow validate` and `CreateStateMachine` would.
    let mut engine = Engine::new()
        .region(original.region.clone())
        .account(original.account.clone());
    if let Some(name) = original.machine() {
        engine = engine.state_machine_name(name.to_string());
    }
    let mut plan = engine.machine(&machine).resume_failed(record).plan();
    if let Some(visit) = from_state {
        plan = plan.from_state(visit);
    }
    if let Some(input) = replaced_input {
        plan = plan.replace_input(input);
    }
    if let Some(variables) = replaced_variables {
        plan = plan.replace_variables(variables);
    }
    let point = match plan.run().await {
        Ok(point) => point,
        Err(
            e @ (EngineError::DivergesBeforeFailure(_) | EngineError::FailedStateRemoved { .. }),
        ) => {
            let name = match e {
                EngineError::DivergesBeforeFailure(_) => "ResumeDiverges",
                _ => "ResumeStateRemoved",
            };
            return Err(ApiError::new(
                name,
                format!("{e} (in the console: `fromState`, the state chosen under \"Resume at\")"),
            ));
        }
        Err(e @ (EngineError::NoSuchVisit(_) | EngineError::VisitRefused { .. })) => {
            return Err(ApiError::new(
                "ResumeVisitRefused",
                format!("{e} (in the console: `fromState`, the visit chosen under \"Resume at\")"),
            ));
        }
        Err(EngineError::InvalidDefinition(diagnostics)) => {
            return Err(ApiError::validation(format!(
                "the definition of `{target}` is not valid: {}",
                diagnostics
                    .iter()
                    .map(|d| format!("{} at {}: {}", d.code, d.pointer, d.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            )));
        }
        Err(e) => return Err(not_resumable(e.to_string())),
    };
    let resume = ResumeMachine::synthesise(&original, &version.definition, &point, false)
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let role = record_role.unwrap_or(version.role_arn);
    for child in &resume.children {
        let role = child.role_arn.clone().unwrap_or_else(|| role.clone());
        deploy(
            service,
            &child.state_machine,
            (&child.machine_name, &child.definition),
            &child.tags,
            &role,
        )
        .await?;
    }
    let expected = original.sibling(StatesResource::state_machine(MachineName::new(
        resume.machine_name.as_str(),
    )));
    let (machine_arn, action) = deploy(
        service,
        &expected,
        (&resume.machine_name, &resume.definition),
        &resume.tags,
        &role,
    )
    .await?;
    let execution_arn = start(service, &machine_arn, &resume).await?;
    Ok(json!({
        "stateMachineArn": machine_arn.to_string(),
        "executionArn": execution_arn,
        "resumeState": point.state,
        "resumeVisit": point.visit.as_ref().map(ToString::to_string),
        "action": action,
    }))
}

/// Creates the machine `expected` of a resume, named and defined as `machine` says (or
/// finds it, created by the same resume before: its name holds the hash of its definition)
/// and tags it with `tags` (the execution it resumes): its ARN and `created` or `unchanged`.
async fn deploy(
    service: &Arc<Service>,
    expected: &StatesArn,
    (name, definition): (&str, &str),
    tags: &[(String, String)],
    role: &RoleArn,
) -> Result<(StatesArn, &'static str), ApiError> {
    let tags: Vec<Value> = tags
        .iter()
        .map(|(key, value)| json!({"key": key, "value": value}))
        .collect();
    let found = answer(
        Arc::clone(service),
        "DescribeStateMachine".into(),
        request_of("stateMachineArn", expected.to_string().into()),
        None,
    )
    .await;
    let action = match found {
        Ok(existing) => {
            let deployed = existing["definition"].as_str().unwrap_or_default();
            if let Some(why) = workflow_runtime::resume::occupied(expected, deployed, definition) {
                return Err(ApiError::new("StateMachineAlreadyExists", why));
            }
            "unchanged"
        }
        Err(e) if e.name == "StateMachineDoesNotExist" => {
            let mut create = request_of("name", name.into());
            create.insert("definition".into(), definition.into());
            create.insert("roleArn".into(), role.to_string().into());
            create.insert("tags".into(), Value::Array(tags.clone()));
            answer(
                Arc::clone(service),
                "CreateStateMachine".into(),
                create,
                None,
            )
            .await?;
            "created"
        }
        Err(e) => return Err(e),
    };
    // The link, whatever became of the tags since the same resume created the machine.
    let mut tag = request_of("resourceArn", expected.to_string().into());
    tag.insert("tags".into(), Value::Array(tags));
    answer(Arc::clone(service), "TagResource".into(), tag, None).await?;
    Ok((expected.clone(), action))
}

/// Starts the resume's execution on `machine`: its ARN (the same resume started before
/// answers its execution, `ExecutionAlreadyExists` once it ended).
async fn start(
    service: &Arc<Service>,
    machine: &StatesArn,
    resume: &ResumeMachine,
) -> Result<String, ApiError> {
    let mut start = request_of("stateMachineArn", machine.to_string().into());
    start.insert("name".into(), resume.execution_name.clone().into());
    start.insert("input".into(), resume.input.to_string().into());
    match answer(Arc::clone(service), "StartExecution".into(), start, None).await {
        Ok(started) => Ok(started["executionArn"]
            .as_str()
            .unwrap_or_default()
            .to_owned()),
        Err(e) if e.name == "ExecutionAlreadyExists" => {
            Ok(resume.execution_arn(machine).to_string())
        }
        Err(e) => Err(e),
    }
}

/// An execution that cannot be resumed as asked.
fn not_resumable(message: String) -> ApiError {
    ApiError::new("ExecutionNotResumable", message)
}
