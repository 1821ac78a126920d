//! The events a Task writes, by what its resource is. A service integration
//! (`arn:aws:states:::…`) writes `TaskScheduled`, `TaskStarted`, `TaskSucceeded`, `TaskFailed`
//! or `TaskTimedOut`; a Lambda function called by its ARN writes the `LambdaFunction…` events
//! and an activity the `Activity…` events, whoever answers the task (a worker, a handler or a
//! mock standing for one). Recorded on AWS: LocalStack's `test_fixed_timeout_lambda`
//! (`LambdaFunctionScheduled` with the function's ARN, its input and `timeoutInSeconds`,
//! `LambdaFunctionStarted` without details, `LambdaFunctionTimedOut`), `test_lambda_invoke_*`
//! of `test_base_scenarios` (`LambdaFunctionFailed`) and `test_activities`
//! (`ActivityScheduled`, `ActivityStarted`, `ActivitySucceeded`, `ActivityFailed`,
//! `ActivityTimedOut`).

use super::error::Failure;
use crate::execution::{EventKind, JsonText};
use serde_json::Value;
use workflow_aws_models::{Resource, ResourceKind};

/// Which family of events a Task's resource writes.
pub(crate) enum TaskEvents {
    /// A service integration (or any other resource): the `Task…` events, naming the
    /// resource in two parts as the history does.
    Task {
        resource_type: String,
        resource: String,
        region: String,
    },
    /// A Lambda function called by its ARN.
    LambdaFunction { arn: String },
    /// An activity.
    Activity { arn: String },
}

impl TaskEvents {
    /// The family `resource` writes, in an execution in `region`.
    pub(crate) fn of(resource: &Resource, region: &str) -> Self {
        match resource.shape() {
            Some(ResourceKind::LambdaFunction { .. }) => TaskEvents::LambdaFunction {
                arn: resource.as_str().to_owned(),
            },
            Some(ResourceKind::Activity { .. }) => TaskEvents::Activity {
                arn: resource.as_str().to_owned(),
            },
            _ => {
                let (resource_type, resource) = resource.history_parts();
                TaskEvents::Task {
                    resource_type,
                    resource,
                    region: region.to_owned(),
                }
            }
        }
    }

    /// The task was scheduled with `input` (its effective input: `Parameters` or
    /// `Arguments` evaluated).
    pub(crate) fn scheduled(
        &self,
        input: &Value,
        timeout_seconds: Option<u64>,
        heartbeat_seconds: Option<u64>,
    ) -> EventKind {
        match self {
            TaskEvents::Task {
                resource_type,
                resource,
                region,
            } => EventKind::TaskScheduled {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                parameters: JsonText::from(input),
                region: region.clone(),
                timeout_seconds,
                heartbeat_seconds,
            },
            TaskEvents::LambdaFunction { arn } => EventKind::LambdaFunctionScheduled {
                resource: arn.clone(),
                input: JsonText::from(input),
                timeout_seconds,
            },
            TaskEvents::Activity { arn } => EventKind::ActivityScheduled {
                resource: arn.clone(),
                input: JsonText::from(input),
                timeout_seconds,
                heartbeat_seconds,
            },
        }
    }

    /// The task started (for an activity: a worker, named or not, took it).
    pub(crate) fn started(&self, worker_name: Option<String>) -> EventKind {
        match self {
            TaskEvents::Task {
                resource_type,
                resource,
                ..
            } => EventKind::TaskStarted {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
            },
            TaskEvents::LambdaFunction { .. } => EventKind::LambdaFunctionStarted,
            TaskEvents::Activity { .. } => EventKind::ActivityStarted { worker_name },
        }
    }

    /// The task succeeded with `output`.
    pub(crate) fn succeeded(&self, output: &Value) -> EventKind {
        let output = JsonText::from(output);
        match self {
            TaskEvents::Task {
                resource_type,
                resource,
                ..
            } => EventKind::TaskSucceeded {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                output,
            },
            TaskEvents::LambdaFunction { .. } => EventKind::LambdaFunctionSucceeded { output },
            TaskEvents::Activity { .. } => EventKind::ActivitySucceeded { output },
        }
    }

    /// The task failed, or (`timed_out`) ran past its `TimeoutSeconds` or
    /// `HeartbeatSeconds`.
    pub(crate) fn ended_badly(&self, timed_out: bool, failure: &Failure) -> EventKind {
        // A timeout always has its name (`States.Timeout`); a failure may name none.
        let (error, named, cause) = (
            failure.error.clone(),
            failure.error_name().cloned(),
            failure.cause.clone(),
        );
        match (self, timed_out) {
            (
                TaskEvents::Task {
                    resource_type,
                    resource,
                    ..
                },
                true,
            ) => EventKind::TaskTimedOut {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                error,
                cause,
            },
            (
                TaskEvents::Task {
                    resource_type,
                    resource,
                    ..
                },
                false,
            ) => EventKind::TaskFailed {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                error: named,
                cause,
            },
            (TaskEvents::LambdaFunction { .. }, true) => {
                EventKind::LambdaFunctionTimedOut { error, cause }
            }
            (TaskEvents::LambdaFunction { .. }, false) => EventKind::LambdaFunctionFailed {
                error: named,
                cause,
            },
            (TaskEvents::Activity { .. }, true) => EventKind::ActivityTimedOut { error, cause },
            (TaskEvents::Activity { .. }, false) => EventKind::ActivityFailed {
                error: named,
                cause,
            },
        }
    }
}

/// Whether a task writes `TaskSubmitted` between `TaskStarted` and its end: every `.sync`
/// (job run) and `.waitForTaskToken` (callback) task does, with the response of the call that
/// started the job or sent the token as its `output` (LocalStack's snapshots, recorded on
/// AWS: 37 such tasks, `sqs:sendMessage.waitForTaskToken`, `sns:publish.waitForTaskToken`,
/// `states:startExecution.sync` and `.sync:2`, `ecs:runTask.sync`, each `TaskStarted` →
/// `TaskSubmitted` → `TaskSucceeded`, `TaskFailed` or `TaskTimedOut`); a request-response
/// task does not.
pub(crate) fn submits(resource: &Resource) -> bool {
    resource.waits_for_task_token() || resource.runs_a_job()
}
