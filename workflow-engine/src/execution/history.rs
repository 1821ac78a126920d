//! Execution history events, shaped like `GetExecutionHistory`'s.

use serde_json::{Map, Value, json};
use std::fmt;
use std::sync::Arc;
use workflow_asl::ErrorName;
use workflow_asl::StateKind;
use workflow_asl::timestamp::format_rfc3339_millis;
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
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
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
    /// An event the local engine never writes (`ExecutionAborted`, …), read from the
    /// service's history: its type and its details as
    /// the service recorded them (input, output, error, cause).
    Other {
        /// The event's `type`.
        event_type: String,
        /// Its details, by their JSON name.
        details: Map<String, Value>,
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
            EventKind::Other { details, .. } => {
                match (details.get("error"), details.get("cause")) {
                    (None, None) => None,
                    (e, c) => Some((
                        e.and_then(Value::as_str),
                        c.and_then(Value::as_str).unwrap_or_default(),
                    )),
                }
            }
            _ => None,
        }
    }

    /// The event's `type`, e.g. `TaskStateEntered`.
    pub fn event_type(&self) -> String {
        match self {
            EventKind::StateEntered { state_type, .. } => {
                format!("{}StateEntered", state_type.as_str())
            }
            EventKind::StateExited { state_type, .. } => {
                format!("{}StateExited", state_type.as_str())
            }
            EventKind::StateAborted { state_type, .. } => {
                format!("{}StateAborted", state_type.as_str())
            }
            EventKind::Other { event_type, .. } => event_type.clone(),
            other => other.fixed_type().to_owned(),
        }
    }

    fn fixed_type(&self) -> &'static str {
        match self {
            EventKind::ExecutionStarted { .. } => "ExecutionStarted",
            EventKind::ExecutionSucceeded { .. } => "ExecutionSucceeded",
            EventKind::ExecutionFailed { .. } => "ExecutionFailed",
            EventKind::ExecutionTimedOut { .. } => "ExecutionTimedOut",
            EventKind::ExecutionRedriven { .. } => "ExecutionRedriven",
            EventKind::StateEntered { .. } => "StateEntered",
            EventKind::StateExited { .. } => "StateExited",
            EventKind::StateAborted { .. } => "StateAborted",
            EventKind::LambdaFunctionScheduled { .. } => "LambdaFunctionScheduled",
            EventKind::LambdaFunctionStarted => "LambdaFunctionStarted",
            EventKind::LambdaFunctionSucceeded { .. } => "LambdaFunctionSucceeded",
            EventKind::LambdaFunctionFailed { .. } => "LambdaFunctionFailed",
            EventKind::LambdaFunctionTimedOut { .. } => "LambdaFunctionTimedOut",
            EventKind::MapIterationAborted { .. } => "MapIterationAborted",
            EventKind::EvaluationFailed { .. } => "EvaluationFailed",
            EventKind::TaskScheduled { .. } => "TaskScheduled",
            EventKind::TaskStarted { .. } => "TaskStarted",
            EventKind::TaskSubmitted { .. } => "TaskSubmitted",
            EventKind::TaskSucceeded { .. } => "TaskSucceeded",
            EventKind::TaskFailed { .. } => "TaskFailed",
            EventKind::TaskTimedOut { .. } => "TaskTimedOut",
            EventKind::ActivityScheduled { .. } => "ActivityScheduled",
            EventKind::ActivityStarted { .. } => "ActivityStarted",
            EventKind::ActivitySucceeded { .. } => "ActivitySucceeded",
            EventKind::ActivityFailed { .. } => "ActivityFailed",
            EventKind::ActivityTimedOut { .. } => "ActivityTimedOut",
            EventKind::ParallelStateStarted => "ParallelStateStarted",
            EventKind::ParallelStateSucceeded => "ParallelStateSucceeded",
            EventKind::ParallelStateFailed { .. } => "ParallelStateFailed",
            EventKind::MapStateStarted { .. } => "MapStateStarted",
            EventKind::MapStateSucceeded => "MapStateSucceeded",
            EventKind::MapStateFailed { .. } => "MapStateFailed",
            EventKind::MapRunStarted { .. } => "MapRunStarted",
            EventKind::MapRunRedriven { .. } => "MapRunRedriven",
            EventKind::MapRunSucceeded => "MapRunSucceeded",
            EventKind::MapRunAborted => "MapRunAborted",
            EventKind::MapRunFailed { .. } => "MapRunFailed",
            EventKind::MapIterationStarted { .. } => "MapIterationStarted",
            EventKind::MapIterationSucceeded { .. } => "MapIterationSucceeded",
            EventKind::MapIterationFailed { .. } => "MapIterationFailed",
            EventKind::Other { .. } => "Other",
        }
    }
}

impl HistoryEvent {
    /// The event as `GetExecutionHistory` returns it: `{"id", "previousEventId", "timestamp",
    /// "type", "<type>EventDetails": {...}}`, with inputs and outputs as JSON text.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), self.id.into());
        out.insert("previousEventId".into(), self.previous_event_id.into());
        out.insert(
            "timestamp".into(),
            format_rfc3339_millis(self.timestamp_millis).into(),
        );
        out.insert("type".into(), self.kind.event_type().into());
        if let Some((key, details)) = self.details() {
            out.insert(key.into(), details);
        }
        if let EventKind::Other {
            event_type,
            details,
        } = &self.kind
            && !details.is_empty()
        {
            // `LambdaFunctionFailed` → `lambdaFunctionFailedEventDetails`.
            let mut key: String = event_type
                .chars()
                .take(1)
                .flat_map(char::to_lowercase)
                .collect();
            key.extend(event_type.chars().skip(1));
            key.push_str("EventDetails");
            out.insert(key, Value::Object(details.clone()));
        }
        Value::Object(out)
    }

    fn details(&self) -> Option<(&'static str, Value)> {
        let text = |v: &JsonText| Value::String(v.as_str().to_owned());
        Some(match &self.kind {
            EventKind::ExecutionStarted { input, role_arn } => {
                let mut d = json!({"input": text(input), "inputDetails": {"truncated": false}});
                if let (Some(role), Some(map)) = (role_arn, d.as_object_mut()) {
                    map.insert("roleArn".into(), role.to_string().into());
                }
                ("executionStartedEventDetails", d)
            }
            EventKind::ExecutionSucceeded { output } => (
                "executionSucceededEventDetails",
                json!({"output": text(output), "outputDetails": {"truncated": false}}),
            ),
            EventKind::ExecutionFailed { error, cause } => (
                "executionFailedEventDetails",
                failure_details(error.as_ref(), cause),
            ),
            EventKind::ExecutionRedriven { redrive_count } => (
                "executionRedrivenEventDetails",
                json!({"redriveCount": redrive_count}),
            ),
            EventKind::ExecutionTimedOut { error, cause } => {
                let mut d = json!({"error": error});
                with_cause(&mut d, cause);
                ("executionTimedOutEventDetails", d)
            }
            EventKind::StateEntered { name, input, .. } => (
                "stateEnteredEventDetails",
                json!({"name": &**name, "input": text(input), "inputDetails": {"truncated": false}}),
            ),
            EventKind::StateExited {
                name,
                output,
                assigned,
                ..
            } => {
                let mut d = json!({"name": &**name, "output": text(output), "outputDetails": {"truncated": false}});
                // `StateExitedEventDetails.assignedVariables` (the API reference: "Map of
                // variable name and value as a serialized JSON representation") and its
                // `assignedVariablesDetails`, when the state assigned any.
                if !assigned.is_empty() {
                    let vars: Map<String, Value> = assigned
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.as_str().to_owned())))
                        .collect();
                    d["assignedVariables"] = Value::Object(vars);
                    d["assignedVariablesDetails"] = json!({"truncated": false});
                }
                ("stateExitedEventDetails", d)
            }
            EventKind::TaskScheduled {
                resource_type,
                resource,
                parameters,
                region,
                timeout_seconds,
                heartbeat_seconds,
            } => {
                let mut d = json!({"resourceType": resource_type, "resource": resource, "region": region, "parameters": text(parameters)});
                if let Some(t) = timeout_seconds {
                    d["timeoutInSeconds"] = (*t).into();
                }
                if let Some(h) = heartbeat_seconds {
                    d["heartbeatInSeconds"] = (*h).into();
                }
                ("taskScheduledEventDetails", d)
            }
            EventKind::TaskStarted {
                resource_type,
                resource,
            } => (
                "taskStartedEventDetails",
                json!({"resourceType": resource_type, "resource": resource}),
            ),
            EventKind::TaskSucceeded {
                resource_type,
                resource,
                output,
            } => (
                "taskSucceededEventDetails",
                json!({"resourceType": resource_type, "resource": resource, "output": text(output), "outputDetails": {"truncated": false}}),
            ),
            EventKind::TaskSubmitted {
                resource_type,
                resource,
                output,
            } => (
                "taskSubmittedEventDetails",
                json!({"resourceType": resource_type, "resource": resource, "output": text(output), "outputDetails": {"truncated": false}}),
            ),
            EventKind::TaskFailed {
                resource_type,
                resource,
                error,
                cause,
            } => {
                let mut d = failure_details(error.as_ref(), cause);
                if let Some(map) = d.as_object_mut() {
                    map.insert("resourceType".into(), resource_type.clone().into());
                    map.insert("resource".into(), resource.clone().into());
                }
                ("taskFailedEventDetails", d)
            }
            EventKind::TaskTimedOut {
                resource_type,
                resource,
                error,
                cause,
            } => {
                let mut d =
                    json!({"resourceType": resource_type, "resource": resource, "error": error});
                with_cause(&mut d, cause);
                ("taskTimedOutEventDetails", d)
            }
            EventKind::ActivityScheduled {
                resource,
                input,
                timeout_seconds,
                heartbeat_seconds,
            } => {
                let mut details = json!({"resource": resource, "input": text(input), "inputDetails": {"truncated": false}});
                if let Some(map) = details.as_object_mut() {
                    if let Some(t) = timeout_seconds {
                        map.insert("timeoutInSeconds".into(), (*t).into());
                    }
                    if let Some(h) = heartbeat_seconds {
                        map.insert("heartbeatInSeconds".into(), (*h).into());
                    }
                }
                ("activityScheduledEventDetails", details)
            }
            EventKind::ActivityStarted { worker_name } => (
                "activityStartedEventDetails",
                match worker_name {
                    Some(name) => json!({"workerName": name}),
                    None => json!({}),
                },
            ),
            EventKind::ActivitySucceeded { output } => (
                "activitySucceededEventDetails",
                json!({"output": text(output), "outputDetails": {"truncated": false}}),
            ),
            EventKind::ActivityFailed { error, cause } => (
                "activityFailedEventDetails",
                failure_details(error.as_ref(), cause),
            ),
            EventKind::ActivityTimedOut { error, cause } => {
                let mut d = json!({"error": error});
                with_cause(&mut d, cause);
                ("activityTimedOutEventDetails", d)
            }
            EventKind::LambdaFunctionScheduled {
                resource,
                input,
                timeout_seconds,
            } => {
                let mut d = json!({"resource": resource, "input": text(input), "inputDetails": {"truncated": false}});
                if let (Some(t), Some(map)) = (timeout_seconds, d.as_object_mut()) {
                    map.insert("timeoutInSeconds".into(), (*t).into());
                }
                ("lambdaFunctionScheduledEventDetails", d)
            }
            EventKind::LambdaFunctionSucceeded { output } => (
                "lambdaFunctionSucceededEventDetails",
                json!({"output": text(output), "outputDetails": {"truncated": false}}),
            ),
            EventKind::LambdaFunctionFailed { error, cause } => (
                "lambdaFunctionFailedEventDetails",
                failure_details(error.as_ref(), cause),
            ),
            EventKind::LambdaFunctionTimedOut { error, cause } => {
                let mut d = json!({"error": error});
                with_cause(&mut d, cause);
                ("lambdaFunctionTimedOutEventDetails", d)
            }
            // Recorded on AWS (LocalStack's `test_undefined_reference`, `test_map_state_items_*`):
            // the state, and the field when an expression of one failed.
            EventKind::EvaluationFailed {
                error,
                cause,
                location,
                state,
            } => {
                let mut d = json!({"error": error, "cause": cause, "state": &**state});
                if let (Some(location), Some(map)) = (location, d.as_object_mut()) {
                    map.insert("location".into(), location.clone().into());
                }
                ("evaluationFailedEventDetails", d)
            }
            EventKind::MapIterationAborted { name, index } => (
                "mapIterationAbortedEventDetails",
                json!({"name": &**name, "index": index}),
            ),
            EventKind::MapRunStarted { map_run_arn } => (
                "mapRunStartedEventDetails",
                json!({"mapRunArn": map_run_arn.to_string()}),
            ),
            EventKind::MapRunRedriven {
                map_run_arn,
                redrive_count,
            } => (
                "mapRunRedrivenEventDetails",
                json!({"mapRunArn": map_run_arn.to_string(), "redriveCount": redrive_count}),
            ),
            EventKind::MapRunFailed { error, cause } => (
                "mapRunFailedEventDetails",
                json!({"error": error, "cause": cause}),
            ),

            EventKind::MapStateStarted { length } => {
                ("mapStateStartedEventDetails", json!({"length": length}))
            }

            EventKind::MapIterationStarted { name, index }
            | EventKind::MapIterationSucceeded { name, index } => {
                let key = if matches!(self.kind, EventKind::MapIterationStarted { .. }) {
                    "mapIterationStartedEventDetails"
                } else {
                    "mapIterationSucceededEventDetails"
                };
                (key, json!({"name": &**name, "index": index}))
            }
            // AWS writes a failed iteration's name and index only (LocalStack's snapshots,
            // recorded on AWS, hold no error or cause in `mapIterationFailedEventDetails`).
            EventKind::MapIterationFailed { name, index, .. } => (
                "mapIterationFailedEventDetails",
                json!({"name": &**name, "index": index}),
            ),
            // AWS writes no details for a failed Parallel or Map state (recorded on AWS, e.g.
            // LocalStack's `test_map_item_reader_csv_headers_decl_duplicate_headers`): the
            // failure is in the events before it and in the execution's.
            // Nor for a started function or an aborted state (recorded on AWS: LocalStack's
            // `test_fixed_timeout_lambda`, `test_service_lambda_map_timeout`).
            EventKind::ParallelStateFailed { .. }
            | EventKind::MapStateFailed { .. }
            | EventKind::LambdaFunctionStarted
            | EventKind::StateAborted { .. }
            | EventKind::ParallelStateStarted
            | EventKind::ParallelStateSucceeded
            | EventKind::MapStateSucceeded
            | EventKind::MapRunSucceeded
            | EventKind::MapRunAborted
            | EventKind::Other { .. } => return None,
        })
    }
}

/// A failure's details: its `error` and `cause`, each left out when there is none (no name,
/// an empty cause). AWS writes no `error` and no `cause` for a task failed by a
/// `SendTaskFailure` that gave neither (LocalStack's `test_callback` snapshot,
/// `test_sqs_failure_in_wait_for_task_tok_no_error_field`, recorded on AWS on 2024-04-29:
/// `taskFailedEventDetails` holds only `resource` and `resourceType`), and none for a Fail
/// state that names neither (`test_state_fail_empty`: `executionFailedEventDetails` is `{}`).
fn failure_details(error: Option<&ErrorName>, cause: &str) -> Value {
    let mut d = json!({});
    if let (Some(error), Some(map)) = (error, d.as_object_mut()) {
        map.insert("error".into(), error.as_str().into());
    }
    with_cause(&mut d, cause);
    d
}

/// Adds `cause` to an event's details unless it is empty: AWS writes no `cause` for a timeout
/// (`TaskTimedOut`, `ActivityTimedOut`, and the execution's `ExecutionFailed` after them:
/// LocalStack's `test_heartbeats`, `test_timeouts` and `test_activities`, recorded on AWS).
fn with_cause(details: &mut Value, cause: &str) {
    if let (false, Some(map)) = (cause.is_empty(), details.as_object_mut()) {
        map.insert("cause".into(), cause.into());
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
