//! Realistic default results for `.sync` tasks that have no handler (opt-in:
//! `Engine::default_sync_responses`): the finished job's description, built from the
//! integration's result shape (DescribeTrainingJob's output for SageMaker training, GetJobRun's
//! `JobRun` for Glue, DescribeJobs' item for Batch, GetQueryExecution's output for Athena, …)
//! and the request: every required field, fields the request also has echoed (the job's name,
//! its role, its configuration), every status field (`Completed`, `SUCCEEDED` where the enum
//! has such a value). The result passes the STRICT check.

use super::handlers::{Handler, TaskCall};
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use workflow_aws_models::{
    FieldValidationMode, Pattern, Resource, Shape, ShapeKind, StatesArn, StatesResource,
};

/// How deep a synthesized value nests at most (models have recursive shapes).
const MAX_DEPTH: usize = 12;

/// The values a successful job's status takes, in order of preference.
const SUCCESS: &[&str] = &[
    "Completed",
    "SUCCEEDED",
    "Succeeded",
    "COMPLETED",
    "SUCCESS",
    "STOPPED",
    "Stopped",
];

/// When the default jobs ran: fixed, so that runs are reproducible.
const TIMESTAMP: &str = "2024-01-01T00:00:00Z";

/// The handler that answers `.sync` tasks with their default result.
pub(crate) fn handler() -> Handler {
    Arc::new(|call: TaskCall| {
        let result = response(&call.resource, &call.input).ok_or_else(|| {
            TaskFailure::new(
                workflow_asl::ErrorName::Runtime,
                format!(
                    "no handler for resource `{}` (Task state `{}`), and it has no default result (only `.sync` integrations with a documented result have one); register a handler",
                    call.resource, call.state
                ),
            )
        });
        Box::pin(async move { result.map(TaskOutput::from) })
    })
}

/// The default result of a `.sync` task calling `resource` with `request`; `None` when the
/// resource is not a `.sync` integration or its result is not documented.
pub(crate) fn response(resource: &Resource, request: &Value) -> Option<Value> {
    let integration = resource.integration()?;
    if !matches!(integration.pattern(), Pattern::Sync | Pattern::Sync2) {
        return None;
    }
    let shape = integration.result()?;
    let cx = Cx {
        service: integration.service(),
        root: request,
        name: job_name(request),
    };
    let value = cx.synth(shape, Some(request), "", 0);
    shape
        .validate(&value, FieldValidationMode::Strict)
        .is_empty()
        .then_some(value)
}

/// The job's name: the request's first string member whose name ends in `Name`.
fn job_name(request: &Value) -> String {
    request
        .as_object()
        .and_then(|o| {
            o.iter()
                .find(|(k, v)| k.ends_with("Name") && v.is_string())
                .and_then(|(_, v)| v.as_str())
        })
        .unwrap_or("local-job")
        .to_owned()
}

struct Cx<'r> {
    service: &'static str,
    root: &'r Value,
    name: String,
}

impl Cx<'_> {
    /// A value of `shape` for the member `member`, echoing `request` where it conforms.
    fn synth(&self, shape: Shape, request: Option<&Value>, member: &str, depth: usize) -> Value {
        if let Some(r) = request.filter(|r| !r.is_null())
            && shape.validate(r, FieldValidationMode::Strict).is_empty()
            && shape.kind() != ShapeKind::Object
        {
            return r.clone();
        }
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let bounds = shape.bounds();
        match shape.kind() {
            ShapeKind::Object => {
                let mut object = Map::new();
                // A wrapper of one member (GetQueryExecution's `QueryExecution`) holds the job.
                let wrapper = shape.members().len() == 1;
                for m in shape.members() {
                    let statusy = m.name().contains("Status") || m.name().contains("State");
                    let from_request = request
                        .and_then(|r| r.get(m.name()))
                        .or_else(|| self.root.get(m.name()))
                        .filter(|v| !v.is_null());
                    let echoed = from_request.filter(|v| {
                        m.shape()
                            .validate(v, FieldValidationMode::Strict)
                            .is_empty()
                    });
                    if let Some(v) = echoed {
                        object.insert(m.name().to_owned(), v.clone());
                    } else if m.is_required() || statusy || wrapper {
                        let v = self.synth(m.shape(), from_request, m.name(), depth + 1);
                        object.insert(m.name().to_owned(), v);
                    }
                }
                Value::Object(object)
            }
            ShapeKind::Array => {
                let count = bounds.min.unwrap_or(0.0).max(0.0) as usize;
                let item = shape.item();
                Value::Array(
                    (0..count.min(4))
                        .map(|_| item.map_or(json!({}), |i| self.synth(i, None, member, depth + 1)))
                        .collect(),
                )
            }
            ShapeKind::Map => json!({}),
            ShapeKind::String => {
                let values: Vec<&str> = shape.enum_values().collect();
                if let Some(first) = values.first() {
                    let status = member.contains("Status") || member.contains("State");
                    let preferred = SUCCESS.iter().find(|s| values.contains(s));
                    return json!(preferred.filter(|_| status).copied().unwrap_or(first));
                }
                if let Some(arn) = self.started_execution_arn(member) {
                    return json!(fit(arn, bounds.min, bounds.max));
                }
                let text = if member.ends_with("Arn") {
                    format!(
                        "arn:aws:{}:us-east-1:123456789012:{}/{}",
                        self.service,
                        member.trim_end_matches("Arn").to_ascii_lowercase(),
                        self.name
                    )
                } else if member.ends_with("Id") {
                    format!("{}-0001", self.name)
                } else {
                    self.name.clone()
                };
                json!(fit(text, bounds.min, bounds.max))
            }
            ShapeKind::Integer | ShapeKind::Number => {
                let n = bounds.min.unwrap_or(0.0).max(0.0);
                let n = bounds.max.map_or(n, |max| n.min(max));
                json!(n as i64)
            }
            ShapeKind::Boolean => json!(false),
            ShapeKind::Timestamp | ShapeKind::TimestampOrEpoch => json!(TIMESTAMP),
            ShapeKind::Blob => json!(fit(String::new(), bounds.min, bounds.max)),
            ShapeKind::JsonText => json!(""),
            ShapeKind::Any => json!({}),
        }
    }
}

impl Cx<'_> {
    /// The `ExecutionArn` of the execution a `states:startExecution.sync` task started, in
    /// Step Functions' form (`arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`, the
    /// `StartExecution` API reference's and `DescribeExecution`'s): the request's
    /// `StateMachineArn`'s machine, region and account, and its `Name`. `None` for another
    /// member or service, or a request without a state machine's ARN.
    fn started_execution_arn(&self, member: &str) -> Option<String> {
        if self.service != "states" || member != "ExecutionArn" {
            return None;
        }
        let machine_arn = self.root.get("StateMachineArn")?.as_str()?;
        let parsed = StatesArn::parse(machine_arn).ok()?;
        let StatesResource::StateMachine { machine, .. } = &parsed.resource else {
            return None;
        };
        let execution = StatesResource::Execution {
            machine: machine.clone(),
            name: self.name.clone(),
        };
        Some(parsed.sibling(execution).to_string())
    }
}

/// `text` padded or cut to the length bounds.
fn fit(mut text: String, min: Option<f64>, max: Option<f64>) -> String {
    let min = min.unwrap_or(0.0).max(0.0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max.map(|m| m.max(0.0) as usize) {
        text = text.chars().take(max).collect();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_aws_models::Integration;

    #[test]
    fn every_sync_integration_with_a_documented_result_has_a_strict_valid_default() {
        let mut covered = Vec::new();
        for action in Integration::optimized() {
            for &pattern in action.supported_patterns() {
                if !matches!(pattern, Pattern::Sync | Pattern::Sync2) {
                    continue;
                }
                let Ok(integration) =
                    Integration::named(action.service(), &action.action(), pattern)
                else {
                    panic!("{action:?} names itself");
                };
                if integration.result().is_none() {
                    continue;
                }
                let resource = integration.resource();
                assert!(
                    response(&Resource::for_integration(&integration), &json!({})).is_some(),
                    "no STRICT-valid default for {resource}"
                );
                covered.push(resource);
            }
        }
        println!("{} .sync integrations have a default result", covered.len());
        for expected in [
            "sagemaker:createTrainingJob.sync",
            "glue:startJobRun.sync",
            "batch:submitJob.sync",
            "athena:startQueryExecution.sync",
            "ecs:runTask.sync",
            "elasticmapreduce:createCluster.sync",
            "emr-serverless:startJobRun.sync",
        ] {
            assert!(
                covered.iter().any(|r| r.ends_with(expected)),
                "{expected}: {covered:?}"
            );
        }
    }

    #[test]
    fn defaults_echo_the_job_and_end_well() {
        let training = response(
            &Resource::parse("arn:aws:states:::sagemaker:createTrainingJob.sync"),
            &json!({"TrainingJobName": "nightly", "RoleArn": "arn:aws:iam::123456789012:role/r"}),
        )
        .unwrap();
        assert_eq!(training["TrainingJobName"], "nightly");
        assert_eq!(training["TrainingJobStatus"], "Completed");
        assert_eq!(training["RoleArn"], "arn:aws:iam::123456789012:role/r");
        let glue = response(
            &Resource::parse("arn:aws:states:::glue:startJobRun.sync"),
            &json!({"JobName": "etl"}),
        )
        .unwrap();
        assert_eq!(glue["JobName"], "etl");
        assert_eq!(glue["JobRunState"], "SUCCEEDED");
        let athena = response(
            &Resource::parse("arn:aws:states:::athena:startQueryExecution.sync"),
            &json!({"QueryString": "SELECT 1"}),
        )
        .unwrap();
        assert_eq!(athena["QueryExecution"]["Status"]["State"], "SUCCEEDED");
        // Not `.sync`, or no documented result: no default.
        assert_eq!(
            response(
                &Resource::parse("arn:aws:states:::sagemaker:createTrainingJob"),
                &json!({})
            ),
            None
        );
        assert_eq!(
            response(
                &Resource::parse("arn:aws:states:::eks:runJob.sync"),
                &json!({})
            ),
            None
        );
        // A started execution's ARN is Step Functions' own, of the machine the request names.
        let started = response(
            &Resource::parse("arn:aws:states:::states:startExecution.sync:2"),
            &json!({"StateMachineArn": "arn:aws:states:eu-west-1:111122223333:stateMachine:Child",
                "Name": "run-7"}),
        )
        .unwrap();
        assert_eq!(
            started["ExecutionArn"],
            "arn:aws:states:eu-west-1:111122223333:execution:Child:run-7"
        );
        // ECS's stopped task: DescribeTasks' item (connect-ecs.html, an execution recorded on AWS).
        let task = response(
            &Resource::parse("arn:aws:states:::ecs:runTask.sync"),
            &json!({"Cluster": "c", "TaskDefinition": "app:1"}),
        );
        assert!(task.is_some_and(|t| t.is_object()));
    }
}
