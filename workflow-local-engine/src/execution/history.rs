//! Execution history events, shaped like `GetExecutionHistory`'s.

use super::api::{EventDetails, HistoryEventType};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;
use workflow_asl::ErrorName;
use workflow_asl::StateKind;
use workflow_aws_models::{RoleArn, StatesArn};

/// A JSON value kept as text, as the service records inputs and outputs in a history: compact,
/// cheap to share between the event that ends one state and the one that starts the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonText(Arc<str>);

impl JsonText {
    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, parsed back.
    pub fn to_value(&self) -> Value {
        workflow_text::json::parse_data(&self.0).unwrap_or(Value::Null)
    }
}

impl From<&Value> for JsonText {
    fn from(value: &Value) -> Self {
        JsonText(Arc::from(value.to_string()))
    }
}

impl From<&str> for JsonText {
    /// JSON text as given (a history read from the service holds the text it recorded).
    fn from(text: &str) -> Self {
        JsonText(Arc::from(text))
    }
}

impl fmt::Display for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One event of an execution's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEvent {
    /// 1-based, in order.
    pub id: u64,
    /// The event that caused this one on the same strand of execution (0 for the first).
    pub previous_event_id: u64,
    /// When it happened, in milliseconds since the Unix epoch (virtual or real time).
    pub timestamp_millis: i64,
    /// What happened.
    pub kind: EventKind,
}

/// The kinds of history events the engine writes.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// `ExecutionStarted`.
    ExecutionStarted {
        /// The input.
        input: JsonText,
        /// The execution role (`roleArn`, as AWS records it in every `ExecutionStarted`), when
        /// it is known.
        role_arn: Option<RoleArn>,
    },
    /// `ExecutionSucceeded`.
    ExecutionSucceeded {
        /// The output.
        output: JsonText,
    },
    /// `ExecutionFailed`.
    ExecutionFailed {
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `ExecutionRedriven`: a failed execution runs again from where it failed.
    ExecutionRedriven {
        /// How many times the execution was redriven, this time included.
        redrive_count: u64,
    },
    /// `ExecutionTimedOut`.
    ExecutionTimedOut {
        /// The error name.
        error: ErrorName,
        /// The cause.
        cause: String,
    },
    /// `ExecutionAborted`: the execution was stopped (`StopExecution`), with the error and
    /// cause given, each when it was (its details are left out when neither was).
    ExecutionAborted {
        /// The error name given, if any.
        error: Option<ErrorName>,
        /// The cause given, if any.
        cause: Option<String>,
    },
    /// `<Type>StateEntered`.
    StateEntered {
        /// The state's type.
        state_type: StateKind,
        /// The state name.
        name: Arc<str>,
        /// The input.
        input: JsonText,
    },
    /// `<Type>StateExited`.
    StateExited {
        /// The state's type.
        state_type: StateKind,
        /// The state name.
        name: Arc<str>,
        /// The output.
        output: JsonText,
        /// The variables the state's `Assign` set, by name, each value as JSON text, in the
        /// order assigned (`assignedVariables`; empty when it set none, and then not written).
        assigned: Vec<(String, JsonText)>,
    },
    /// `TaskScheduled`.
    TaskScheduled {
        /// What the resource is, as the history names it: `lambda`, `sagemaker`, `aws-sdk:s3`
        /// (an integration's service), `lambda` (a function ARN) or `activity`.
        resource_type: String,
        /// The resource, as the history names it: `invoke.waitForTaskToken`, `getObject`
        /// (an integration's action), or the ARN of a function or activity.
        resource: String,
        /// The task's effective input.
        parameters: JsonText,
        /// The region the task's service is called in (the execution's).
        region: String,
        /// `TimeoutSeconds`, when set.
        timeout_seconds: Option<u64>,
        /// `HeartbeatSeconds`, when set.
        heartbeat_seconds: Option<u64>,
    },
    /// `TaskStarted`.
    TaskStarted {
        /// What the resource is, as the history names it: `lambda`, `sagemaker`, `aws-sdk:s3`
        /// (an integration's service), `lambda` (a function ARN) or `activity`.
        resource_type: String,
        /// The resource, as the history names it: `invoke.waitForTaskToken`, `getObject`
        /// (an integration's action), or the ARN of a function or activity.
        resource: String,
    },
    /// `TaskSucceeded`.
    TaskSucceeded {
        /// What the resource is, as the history names it: `lambda`, `sagemaker`, `aws-sdk:s3`
        /// (an integration's service), `lambda` (a function ARN) or `activity`.
        resource_type: String,
        /// The resource, as the history names it: `invoke.waitForTaskToken`, `getObject`
        /// (an integration's action), or the ARN of a function or activity.
        resource: String,
        /// The output.
        output: JsonText,
    },
    /// `TaskSubmitted`: a `.sync` or `.waitForTaskToken` task's service call returned; the
    /// task now waits for the job or the callback.
    TaskSubmitted {
        /// What the resource is, as the history names it (see `TaskScheduled`).
        resource_type: String,
        /// The resource, as the history names it (see `TaskScheduled`).
        resource: String,
        /// The response of the service call.
        output: JsonText,
    },
    /// `TaskFailed`.
    TaskFailed {
        /// What the resource is, as the history names it: `lambda`, `sagemaker`, `aws-sdk:s3`
        /// (an integration's service), `lambda` (a function ARN) or `activity`.
        resource_type: String,
        /// The resource, as the history names it: `invoke.waitForTaskToken`, `getObject`
        /// (an integration's action), or the ARN of a function or activity.
        resource: String,
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `TaskTimedOut`.
    TaskTimedOut {
        /// What the resource is, as the history names it: `lambda`, `sagemaker`, `aws-sdk:s3`
        /// (an integration's service), `lambda` (a function ARN) or `activity`.
        resource_type: String,
        /// The resource, as the history names it: `invoke.waitForTaskToken`, `getObject`
        /// (an integration's action), or the ARN of a function or activity.
        resource: String,
        /// The error name.
        error: ErrorName,
        /// The cause.
        cause: String,
    },
    /// `ActivityScheduled`: an activity task waits for a worker.
    ActivityScheduled {
        /// The activity's ARN.
        resource: String,
        /// The task's input.
        input: JsonText,
        /// `TimeoutSeconds`, when set.
        timeout_seconds: Option<u64>,
        /// `HeartbeatSeconds`, when set.
        heartbeat_seconds: Option<u64>,
    },
    /// `ActivityStarted`: a worker took the task (`GetActivityTask`).
    ActivityStarted {
        /// The worker's name, when it gave one (`GetActivityTask`'s `workerName` is optional).
        worker_name: Option<String>,
    },
    /// `ActivitySucceeded`.
    ActivitySucceeded {
        /// The output.
        output: JsonText,
    },
    /// `ActivityFailed`.
    ActivityFailed {
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `ActivityTimedOut`.
    ActivityTimedOut {
        /// The error name.
        error: ErrorName,
        /// The cause.
        cause: String,
    },
    /// `LambdaFunctionScheduled`: a Task whose `Resource` is a Lambda function's ARN (not
    /// the `lambda:invoke` integration) calls it.
    LambdaFunctionScheduled {
        /// The function's ARN.
        resource: String,
        /// The task's input.
        input: JsonText,
        /// `TimeoutSeconds`, when set.
        timeout_seconds: Option<u64>,
    },
    /// `LambdaFunctionStarted`.
    LambdaFunctionStarted,
    /// `LambdaFunctionSucceeded`.
    LambdaFunctionSucceeded {
        /// The function's result.
        output: JsonText,
    },
    /// `LambdaFunctionFailed`.
    LambdaFunctionFailed {
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `LambdaFunctionTimedOut`.
    LambdaFunctionTimedOut {
        /// The error name.
        error: ErrorName,
        /// The cause.
        cause: String,
    },
    /// `<Type>StateAborted`: a state that was still running when its Parallel branch or Map
    /// iteration was stopped, or a Task whose failure ended its branch or iteration.
    StateAborted {
        /// The state's type.
        state_type: StateKind,
        /// The state name.
        name: Arc<str>,
    },
    /// `EvaluationFailed`: a state's JSONata expression failed (`States.QueryEvaluationError`).
    EvaluationFailed {
        /// The error name.
        error: ErrorName,
        /// The cause.
        cause: String,
        /// The field whose expression failed, when one did (`Output`, `Assign/result`, …).
        location: Option<String>,
        /// The state name.
        state: Arc<str>,
    },
    /// `ParallelStateStarted`.
    ParallelStateStarted,
    /// `ParallelStateSucceeded`.
    ParallelStateSucceeded,
    /// `ParallelStateFailed`.
    ParallelStateFailed {
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `MapStateStarted`.
    MapStateStarted {
        /// How many items.
        length: usize,
    },
    /// `MapStateSucceeded`.
    MapStateSucceeded,
    /// `MapStateFailed`.
    MapStateFailed {
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `MapRunStarted`: a Distributed Map started its Map Run.
    MapRunStarted {
        /// The Map Run's ARN.
        map_run_arn: StatesArn,
    },
    /// `MapRunRedriven`: a redrive of the execution reruns the unsuccessful children of a
    /// Map Run that failed, under the same ARN.
    MapRunRedriven {
        /// The Map Run's ARN.
        map_run_arn: StatesArn,
        /// How many times the Map Run has been redriven, this time included.
        redrive_count: u64,
    },
    /// `MapRunSucceeded`.
    MapRunSucceeded,
    /// `MapRunAborted`: the execution was stopped while its Map Run ran.
    MapRunAborted,
    /// `MapRunFailed`.
    MapRunFailed {
        /// The error name.
        error: ErrorName,
        /// The cause.
        cause: String,
    },
    /// `MapIterationStarted`.
    MapIterationStarted {
        /// The state name.
        name: Arc<str>,
        /// The item's index.
        index: usize,
    },
    /// `MapIterationSucceeded`.
    MapIterationSucceeded {
        /// The state name.
        name: Arc<str>,
        /// The item's index.
        index: usize,
    },
    /// `MapIterationFailed`.
    MapIterationFailed {
        /// The state name.
        name: Arc<str>,
        /// The item's index.
        index: usize,
        /// The error name; `None` when the failure named none (a `SendTaskFailure` or a Fail
        /// state without one).
        error: Option<ErrorName>,
        /// The cause.
        cause: String,
    },
    /// `MapIterationAborted`: an iteration still running when another one failed the Map.
    MapIterationAborted {
        /// The state name.
        name: Arc<str>,
        /// The item's index.
        index: usize,
    },
    /// An event the local engine never writes (`TaskStartFailed`, …), read from the
    /// service's history, one of a type the API model does not list
    /// ([`HistoryEventType::Unknown`]), or one of a type the engine writes whose details do
    /// not fit its kind: its type and its details as the service recorded them. Which types
    /// are typed and which are kept so is decided, type by type, in one `match` over
    /// [`HistoryEventType`] (`history_api.rs`).
    Other {
        /// The event's `type`.
        event_type: HistoryEventType,
        /// Its details, as the API model holds them.
        details: Box<EventDetails>,
    },
}

impl EventKind {
    /// The state a `…StateEntered` / `…StateExited` event is about.
    pub fn state_name(&self) -> Option<&str> {
        match self {
            EventKind::StateEntered { name, .. } | EventKind::StateExited { name, .. } => {
                Some(name)
            }
            _ => None,
        }
    }

    /// The error name of a failure event; `None` for another event, or a failure that named
    /// none.
    pub fn error(&self) -> Option<&str> {
        self.failure().and_then(|(error, _)| error)
    }

    /// The cause of a failure event.
    pub fn cause(&self) -> Option<&str> {
        self.failure().map(|(_, cause)| cause)
    }

    /// A failure event's error name (`None` when it named none) and cause.
    fn failure(&self) -> Option<(Option<&str>, &str)> {
        match self {
            EventKind::ExecutionTimedOut { error, cause }
            | EventKind::TaskTimedOut { error, cause, .. }
            | EventKind::ActivityTimedOut { error, cause }
            | EventKind::LambdaFunctionTimedOut { error, cause }
            | EventKind::EvaluationFailed { error, cause, .. }
            | EventKind::MapRunFailed { error, cause } => Some((Some(error.as_str()), cause)),
            EventKind::ExecutionFailed { error, cause }
            | EventKind::TaskFailed { error, cause, .. }
            | EventKind::ActivityFailed { error, cause }
            | EventKind::LambdaFunctionFailed { error, cause }
            | EventKind::ParallelStateFailed { error, cause }
            | EventKind::MapStateFailed { error, cause }
            | EventKind::MapIterationFailed { error, cause, .. } => {
                Some((error.as_ref().map(ErrorName::as_str), cause))
            }
            EventKind::ExecutionAborted { error, cause } => match (error, cause) {
                (None, None) => None,
                (error, cause) => Some((
                    error.as_ref().map(ErrorName::as_str),
                    cause.as_deref().unwrap_or_default(),
                )),
            },
            EventKind::Other { details, .. } => match details.failure()? {
                (None, None) => None,
                (error, cause) => Some((error, cause.unwrap_or_default())),
            },
            _ => None,
        }
    }
}

/// How many times the execution whose history is `history` was redriven: its
/// `ExecutionRedriven` events.
pub(crate) fn redrives(history: &[HistoryEvent]) -> u64 {
    history
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ExecutionRedriven { .. }))
        .count() as u64
}

/// The state an execution whose history is `history` failed, timed out or was stopped in:
/// back from its closing event along the events' chain (`previousEventId`) to the nearest
/// state entered (or whose JSONata failed: `EvaluationFailed`). The innermost state, for a
/// failure inside a Parallel branch or a Map iteration (a `…StateFailed` names the branch's
/// failed event as its previous). `None` for a history that does not end so, or that does
/// not chain there.
pub fn failed_state(history: &[HistoryEvent]) -> Option<&str> {
    let last = history.last()?;
    let ends_unsuccessfully = matches!(
        &last.kind,
        EventKind::ExecutionFailed { .. }
            | EventKind::ExecutionTimedOut { .. }
            | EventKind::ExecutionAborted { .. }
    );
    if !ends_unsuccessfully {
        return None;
    }
    let position: std::collections::HashMap<u64, usize> = history
        .iter()
        .enumerate()
        .map(|(at, e)| (e.id, at))
        .collect();
    let mut cursor = last.previous_event_id;
    for _ in 0..history.len() {
        let event = &history[*position.get(&cursor)?];
        match &event.kind {
            EventKind::StateEntered { name, .. } => return Some(name.as_ref()),
            EventKind::EvaluationFailed { state, .. } => return Some(state.as_ref()),
            _ => cursor = event.previous_event_id,
        }
    }
    None
}

/// The child executions the `states:startExecution` Tasks (request-response, `.sync`,
/// `.sync:2`) of the execution whose history is `history` started, in the order their
/// events name them: the `ExecutionArn` of a `TaskSubmitted`'s or `TaskSucceeded`'s output,
/// or of a `TaskFailed`'s cause (a `.sync` child that failed: its `DescribeExecution` as
/// JSON text).
pub fn started_executions(history: &[HistoryEvent]) -> Vec<StatesArn> {
    let mut found = Vec::new();
    for arn in history.iter().filter_map(|e| started_execution(&e.kind)) {
        if !found.contains(&arn) {
            found.push(arn);
        }
    }
    found
}

/// The child execution a `states:startExecution` Task's event names (see
/// [`started_executions`]), if it names one.
pub(crate) fn started_execution(kind: &EventKind) -> Option<StatesArn> {
    let (text, resource) = match kind {
        EventKind::TaskSubmitted {
            resource_type,
            resource,
            output,
        }
        | EventKind::TaskSucceeded {
            resource_type,
            resource,
            output,
        } if resource_type == "states" => (output.as_str(), resource),
        EventKind::TaskFailed {
            resource_type,
            resource,
            cause,
            ..
        } if resource_type == "states" => (cause.as_str(), resource),
        _ => return None,
    };
    if !resource.starts_with("startExecution") {
        return None;
    }
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("ExecutionArn")?.as_str()?.parse().ok())
}
