//! A [`HistoryEvent`] encoded as, and decoded from, the API model's event ([`api`]), the one
//! codec of history events: JSON goes through it with serde, the client reads the AWS SDK's
//! types into it, and `workflow serve` answers with it. This file is the one place where each
//! [`EventKind`] meets its details, both ways.
//!
//! The events the engine writes decode to their typed [`EventKind`]; any other is
//! [`EventKind::Other`] with its type and details as they were. Which is which is decided for
//! every type the model lists in one `match` over [`HistoryEventType`] without a wildcard
//! (`typed`; [`EventKind::event_type`] the other way), so that a type a new model adds does
//! not compile until it is typed or kept as details. A type the model does not list (a newer
//! API's) is [`HistoryEventType::Unknown`], its text kept: the event reads as
//! [`EventKind::Other`] and writes back the same type (a details member the model does not
//! define is not kept, as the AWS SDK drops it). An event whose ARN does not parse (an
//! `ExecutionStarted` whose `roleArn` is not an IAM role's ARN, a `MapRunStarted` or
//! `MapRunRedriven` whose `mapRunArn` is not a Map Run's ARN) is not the typed event either: it
//! reads as [`EventKind::Other`], its details kept as they were, so it stays readable and
//! writes back the same JSON. AWS writes neither (its roles are checked at
//! `CreateStateMachine`, its Map Run ARNs are its own); [`super::RecordedHistory`] refuses such
//! an event at the ARN's JSON pointer, since an execution resumed from it would miss its start
//! or its Map Run.

use super::api::{
    self, EventDetails, HistoryEventExecutionDataDetails, HistoryEventType, Timestamp,
};
use super::history::{EventKind, HistoryEvent, JsonText};
use super::recorded::HistoryReadError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::sync::Arc;
use workflow_asl::{ErrorName, StateKind};
use workflow_aws_models::{ResourceType, RoleArn, StatesArn};

impl HistoryEvent {
    /// The event as Step Functions' API model writes it (`GetExecutionHistory`'s), with
    /// inputs and outputs as JSON text.
    pub fn to_api(&self) -> api::HistoryEvent {
        api::HistoryEvent::new(
            i64::try_from(self.id).unwrap_or(i64::MAX),
            Some(i64::try_from(self.previous_event_id).unwrap_or(i64::MAX)),
            Timestamp(self.timestamp_millis),
            self.kind.event_type(),
            details(&self.kind),
        )
    }

    /// The event the API model's `event` holds. An event id below zero is refused, at its
    /// JSON pointer below the event.
    pub fn from_api(event: api::HistoryEvent) -> Result<HistoryEvent, HistoryReadError> {
        let whole = |at: &str, n: i64| {
            u64::try_from(n).map_err(|_| HistoryReadError {
                file: None,
                at: at.to_owned(),
                message: format!("an event id is a whole number, not {n}"),
            })
        };
        let id = whole("/id", event.id)?;
        let previous_event_id = whole("/previousEventId", event.previous_event_id.unwrap_or(0))?;
        let timestamp_millis = event.timestamp.0;
        let event_type = event.r#type.clone();
        let mut details = event.into_details();
        let kind = typed(&event_type, &mut details).unwrap_or_else(|| EventKind::Other {
            event_type,
            details: Box::new(details),
        });
        Ok(HistoryEvent {
            id,
            previous_event_id,
            timestamp_millis,
            kind,
        })
    }

    /// The event as `GetExecutionHistory` returns it: `{"id", "previousEventId", "timestamp",
    /// "type", "<type>EventDetails": {...}}`, with inputs and outputs as JSON text
    /// (its [`HistoryEvent::to_api`], as JSON).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.to_api()).unwrap_or(Value::Null)
    }

    /// The event `value` holds, as `GetExecutionHistory` writes one: `id`, `previousEventId`,
    /// `timestamp` (RFC 3339 text, or seconds since the Unix epoch as the protocol sends it),
    /// `type` and its `<type>EventDetails`. What does not fit the model is refused at its JSON
    /// pointer below the event.
    ///
    /// ```
    /// use workflow_runtime::execution::HistoryEvent;
    /// let event = serde_json::json!({
    ///     "id": 2, "previousEventId": 0, "timestamp": 1767225600.5, "type": "PassStateEntered",
    ///     "stateEnteredEventDetails": {"name": "Start", "input": "{}"},
    /// });
    /// let read = HistoryEvent::from_json(&event).unwrap();
    /// assert_eq!(read.kind.state_name(), Some("Start"));
    /// assert_eq!(read.to_json()["stateEnteredEventDetails"]["input"], "{}");
    /// let wrong = serde_json::json!({"id": 2, "timestamp": 1.0, "type": "PassStateEntered",
    ///     "stateEnteredEventDetails": {"name": 7}});
    /// assert_eq!(HistoryEvent::from_json(&wrong).unwrap_err().at, "/stateEnteredEventDetails/name");
    /// ```
    pub fn from_json(value: &Value) -> Result<HistoryEvent, HistoryReadError> {
        // The path is followed only to say where an event that does not decode goes wrong.
        let event = match api::HistoryEvent::deserialize(value) {
            Ok(event) => event,
            Err(plain) => {
                let (at, message) =
                    match serde_path_to_error::deserialize::<_, api::HistoryEvent>(value) {
                        Err(e) => (pointer(e.path()), e.into_inner().to_string()),
                        Ok(_) => (String::new(), plain.to_string()),
                    };
                return Err(HistoryReadError {
                    file: None,
                    at,
                    message,
                });
            }
        };
        HistoryEvent::from_api(event)
    }
}

/// The JSON pointer of a path serde took.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", key.replace('~', "~0").replace('/', "~1"))),
            Segment::Enum { variant } => Some(format!("/{variant}")),
            Segment::Unknown => None,
        })
        .collect()
}

/// Written with the API model's structures.
impl Serialize for HistoryEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_api().serialize(serializer)
    }
}

/// Read with the API model's structures.
impl<'de> Deserialize<'de> for HistoryEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let event = api::HistoryEvent::deserialize(deserializer)?;
        HistoryEvent::from_api(event).map_err(serde::de::Error::custom)
    }
}

/// Text as the model holds a JSON input or output.
fn text(t: &JsonText) -> Option<String> {
    Some(t.as_str().to_owned())
}

/// `…Details` of an input or output written whole.
fn whole() -> Option<HistoryEventExecutionDataDetails> {
    Some(HistoryEventExecutionDataDetails {
        truncated: Some(false),
    })
}

fn seconds(s: Option<u64>) -> Option<i64> {
    s.map(|s| i64::try_from(s).unwrap_or(i64::MAX))
}

fn count(n: impl TryInto<i64>) -> Option<i64> {
    Some(n.try_into().unwrap_or(i64::MAX))
}

/// A cause AWS writes only when there is one: no `cause` for a timeout (`TaskTimedOut`,
/// `ActivityTimedOut`, and the execution's `ExecutionFailed` after them: LocalStack's
/// `test_heartbeats`, `test_timeouts` and `test_activities`, recorded on AWS), nor for a task
/// failed by a `SendTaskFailure` that gave none (LocalStack's `test_callback` snapshot,
/// `test_sqs_failure_in_wait_for_task_tok_no_error_field`, recorded on AWS on 2024-04-29:
/// `taskFailedEventDetails` holds only `resource` and `resourceType`) or a Fail state that
/// names none (`test_state_fail_empty`: `executionFailedEventDetails` is `{}`).
fn given(cause: &str) -> Option<String> {
    (!cause.is_empty()).then(|| cause.to_owned())
}

fn error_text(error: &ErrorName) -> Option<String> {
    Some(error.as_str().to_owned())
}

fn given_error(error: Option<&ErrorName>) -> Option<String> {
    error.map(|e| e.as_str().to_owned())
}

/// The details the engine writes for `kind`.
fn details(kind: &EventKind) -> EventDetails {
    let mut d = EventDetails::default();
    match kind {
        EventKind::ExecutionStarted { input, role_arn } => {
            d.execution_started_event_details = Some(api::ExecutionStartedEventDetails {
                input: text(input),
                input_details: whole(),
                role_arn: role_arn.as_ref().map(ToString::to_string),
                ..Default::default()
            });
        }
        EventKind::ExecutionSucceeded { output } => {
            d.execution_succeeded_event_details = Some(api::ExecutionSucceededEventDetails {
                output: text(output),
                output_details: whole(),
            });
        }
        EventKind::ExecutionFailed { error, cause } => {
            d.execution_failed_event_details = Some(api::ExecutionFailedEventDetails {
                error: given_error(error.as_ref()),
                cause: given(cause),
            });
        }
        EventKind::ExecutionRedriven { redrive_count } => {
            d.execution_redriven_event_details = Some(api::ExecutionRedrivenEventDetails {
                redrive_count: count(*redrive_count),
            });
        }
        EventKind::ExecutionTimedOut { error, cause } => {
            d.execution_timed_out_event_details = Some(api::ExecutionTimedOutEventDetails {
                error: error_text(error),
                cause: given(cause),
            });
        }
        // What `StopExecution` was given, each when it was; no details when neither was.
        EventKind::ExecutionAborted { error, cause } => {
            d.execution_aborted_event_details =
                (error.is_some() || cause.is_some()).then(|| api::ExecutionAbortedEventDetails {
                    error: given_error(error.as_ref()),
                    cause: cause.clone(),
                });
        }
        EventKind::StateEntered { name, input, .. } => {
            d.state_entered_event_details = Some(api::StateEnteredEventDetails {
                name: name.to_string(),
                input: text(input),
                input_details: whole(),
            });
        }
        EventKind::StateExited {
            name,
            output,
            assigned,
            ..
        } => {
            // `StateExitedEventDetails.assignedVariables` (the API reference: "Map of variable
            // name and value as a serialized JSON representation") and its
            // `assignedVariablesDetails`, when the state assigned any.
            let any = !assigned.is_empty();
            d.state_exited_event_details = Some(api::StateExitedEventDetails {
                name: name.to_string(),
                output: text(output),
                output_details: whole(),
                assigned_variables: any.then(|| {
                    assigned
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().to_owned()))
                        .collect()
                }),
                assigned_variables_details: any.then_some(api::AssignedVariablesDetails {
                    truncated: Some(false),
                }),
            });
        }
        EventKind::TaskScheduled {
            resource_type,
            resource,
            parameters,
            region,
            timeout_seconds,
            heartbeat_seconds,
        } => {
            d.task_scheduled_event_details = Some(api::TaskScheduledEventDetails {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                region: region.clone(),
                parameters: parameters.as_str().to_owned(),
                timeout_in_seconds: seconds(*timeout_seconds),
                heartbeat_in_seconds: seconds(*heartbeat_seconds),
                ..Default::default()
            });
        }
        EventKind::TaskStarted {
            resource_type,
            resource,
        } => {
            d.task_started_event_details = Some(api::TaskStartedEventDetails {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
            });
        }
        EventKind::TaskSucceeded {
            resource_type,
            resource,
            output,
        } => {
            d.task_succeeded_event_details = Some(api::TaskSucceededEventDetails {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                output: text(output),
                output_details: whole(),
            });
        }
        EventKind::TaskSubmitted {
            resource_type,
            resource,
            output,
        } => {
            d.task_submitted_event_details = Some(api::TaskSubmittedEventDetails {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                output: text(output),
                output_details: whole(),
            });
        }
        EventKind::TaskFailed {
            resource_type,
            resource,
            error,
            cause,
        } => {
            d.task_failed_event_details = Some(api::TaskFailedEventDetails {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                error: given_error(error.as_ref()),
                cause: given(cause),
            });
        }
        EventKind::TaskTimedOut {
            resource_type,
            resource,
            error,
            cause,
        } => {
            d.task_timed_out_event_details = Some(api::TaskTimedOutEventDetails {
                resource_type: resource_type.clone(),
                resource: resource.clone(),
                error: error_text(error),
                cause: given(cause),
            });
        }
        EventKind::ActivityScheduled {
            resource,
            input,
            timeout_seconds,
            heartbeat_seconds,
        } => {
            d.activity_scheduled_event_details = Some(api::ActivityScheduledEventDetails {
                resource: resource.clone(),
                input: text(input),
                input_details: whole(),
                timeout_in_seconds: seconds(*timeout_seconds),
                heartbeat_in_seconds: seconds(*heartbeat_seconds),
            });
        }
        EventKind::ActivityStarted { worker_name } => {
            d.activity_started_event_details = Some(api::ActivityStartedEventDetails {
                worker_name: worker_name.clone(),
            });
        }
        EventKind::ActivitySucceeded { output } => {
            d.activity_succeeded_event_details = Some(api::ActivitySucceededEventDetails {
                output: text(output),
                output_details: whole(),
            });
        }
        EventKind::ActivityFailed { error, cause } => {
            d.activity_failed_event_details = Some(api::ActivityFailedEventDetails {
                error: given_error(error.as_ref()),
                cause: given(cause),
            });
        }
        EventKind::ActivityTimedOut { error, cause } => {
            d.activity_timed_out_event_details = Some(api::ActivityTimedOutEventDetails {
                error: error_text(error),
                cause: given(cause),
            });
        }
        EventKind::LambdaFunctionScheduled {
            resource,
            input,
            timeout_seconds,
        } => {
            d.lambda_function_scheduled_event_details =
                Some(api::LambdaFunctionScheduledEventDetails {
                    resource: resource.clone(),
                    input: text(input),
                    input_details: whole(),
                    timeout_in_seconds: seconds(*timeout_seconds),
                    ..Default::default()
                });
        }
        EventKind::LambdaFunctionSucceeded { output } => {
            d.lambda_function_succeeded_event_details =
                Some(api::LambdaFunctionSucceededEventDetails {
                    output: text(output),
                    output_details: whole(),
                });
        }
        EventKind::LambdaFunctionFailed { error, cause } => {
            d.lambda_function_failed_event_details = Some(api::LambdaFunctionFailedEventDetails {
                error: given_error(error.as_ref()),
                cause: given(cause),
            });
        }
        EventKind::LambdaFunctionTimedOut { error, cause } => {
            d.lambda_function_timed_out_event_details =
                Some(api::LambdaFunctionTimedOutEventDetails {
                    error: error_text(error),
                    cause: given(cause),
                });
        }
        // Recorded on AWS (LocalStack's `test_undefined_reference`, `test_map_state_items_*`):
        // the state, and the field when an expression of one failed; the cause even when empty.
        EventKind::EvaluationFailed {
            error,
            cause,
            location,
            state,
        } => {
            d.evaluation_failed_event_details = Some(api::EvaluationFailedEventDetails {
                error: error_text(error),
                cause: Some(cause.clone()),
                location: location.clone(),
                state: state.to_string(),
            });
        }
        EventKind::MapStateStarted { length } => {
            d.map_state_started_event_details = Some(api::MapStateStartedEventDetails {
                length: count(*length),
            });
        }
        EventKind::MapRunStarted { map_run_arn } => {
            d.map_run_started_event_details = Some(api::MapRunStartedEventDetails {
                map_run_arn: Some(map_run_arn.to_string()),
            });
        }
        EventKind::MapRunRedriven {
            map_run_arn,
            redrive_count,
        } => {
            d.map_run_redriven_event_details = Some(api::MapRunRedrivenEventDetails {
                map_run_arn: Some(map_run_arn.to_string()),
                redrive_count: count(*redrive_count),
            });
        }
        EventKind::MapRunFailed { error, cause } => {
            d.map_run_failed_event_details = Some(api::MapRunFailedEventDetails {
                error: error_text(error),
                cause: Some(cause.clone()),
            });
        }
        // AWS writes a failed iteration's name and index only (LocalStack's snapshots, recorded
        // on AWS, hold no error or cause in `mapIterationFailedEventDetails`).
        EventKind::MapIterationStarted { name, index }
        | EventKind::MapIterationSucceeded { name, index }
        | EventKind::MapIterationFailed { name, index, .. }
        | EventKind::MapIterationAborted { name, index } => {
            let iteration = Some(api::MapIterationEventDetails {
                name: Some(name.to_string()),
                index: count(*index),
            });
            match kind {
                EventKind::MapIterationStarted { .. } => {
                    d.map_iteration_started_event_details = iteration;
                }
                EventKind::MapIterationSucceeded { .. } => {
                    d.map_iteration_succeeded_event_details = iteration;
                }
                EventKind::MapIterationFailed { .. } => {
                    d.map_iteration_failed_event_details = iteration;
                }
                _ => d.map_iteration_aborted_event_details = iteration,
            }
        }
        EventKind::Other { details, .. } => return (**details).clone(),
        // AWS writes no details for a failed Parallel or Map state (recorded on AWS, e.g.
        // LocalStack's `test_map_item_reader_csv_headers_decl_duplicate_headers`): the failure
        // is in the events before it and in the execution's. Nor for a started function or an
        // aborted state (recorded on AWS: LocalStack's `test_fixed_timeout_lambda`,
        // `test_service_lambda_map_timeout`).
        EventKind::ParallelStateFailed { .. }
        | EventKind::MapStateFailed { .. }
        | EventKind::LambdaFunctionStarted
        | EventKind::StateAborted { .. }
        | EventKind::ParallelStateStarted
        | EventKind::ParallelStateSucceeded
        | EventKind::MapStateSucceeded
        | EventKind::MapRunSucceeded
        | EventKind::MapRunAborted => {}
    }
    d
}

/// JSON text as the engine holds it: `null` when the event has none.
fn json(t: Option<&String>) -> JsonText {
    JsonText::from(t.map_or("null", String::as_str))
}

fn cause(c: Option<&String>) -> String {
    c.cloned().unwrap_or_default()
}

fn error(e: Option<&String>) -> ErrorName {
    ErrorName::from(e.map_or("", String::as_str))
}

fn given_name(e: Option<&String>) -> Option<ErrorName> {
    e.map(|e| ErrorName::from(e.as_str()))
}

fn unsigned(n: Option<i64>) -> Option<u64> {
    n.and_then(|n| u64::try_from(n).ok())
}

/// A Map Run event's `mapRunArn`, when it is a Map Run's ARN (`None` otherwise: the event is
/// not typed).
fn map_run_arn(arn: Option<&String>) -> Option<StatesArn> {
    let arn = StatesArn::parse(arn?).ok()?;
    (arn.kind() == ResourceType::MapRun).then_some(arn)
}

/// Where a state's event comes in its life: `<Type>StateEntered`, `…Exited`, `…Aborted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Entered,
    Exited,
    Aborted,
}

impl Phase {
    /// The end of its events' types.
    fn suffix(self) -> &'static str {
        match self {
            Phase::Entered => "StateEntered",
            Phase::Exited => "StateExited",
            Phase::Aborted => "StateAborted",
        }
    }
}

/// The type of a state's event: the model's `<Type>State<Phase>`. The model lists no
/// `FailStateExited` (a Fail state is not left) and no `…StateAborted` but a Map's, a
/// Parallel's, a Task's and a Wait's (the states that wait): AWS writes none of those, and
/// one the engine would write is kept by its text ([`HistoryEventType::Unknown`]), which
/// [`typed`] reads back as the same state's event.
fn state_event(state_type: StateKind, phase: Phase) -> HistoryEventType {
    use HistoryEventType as T;
    use StateKind as K;
    match (phase, state_type) {
        (Phase::Entered, K::Choice) => T::ChoiceStateEntered,
        (Phase::Entered, K::Fail) => T::FailStateEntered,
        (Phase::Entered, K::Map) => T::MapStateEntered,
        (Phase::Entered, K::Parallel) => T::ParallelStateEntered,
        (Phase::Entered, K::Pass) => T::PassStateEntered,
        (Phase::Entered, K::Succeed) => T::SucceedStateEntered,
        (Phase::Entered, K::Task) => T::TaskStateEntered,
        (Phase::Entered, K::Wait) => T::WaitStateEntered,
        (Phase::Exited, K::Choice) => T::ChoiceStateExited,
        (Phase::Exited, K::Map) => T::MapStateExited,
        (Phase::Exited, K::Parallel) => T::ParallelStateExited,
        (Phase::Exited, K::Pass) => T::PassStateExited,
        (Phase::Exited, K::Succeed) => T::SucceedStateExited,
        (Phase::Exited, K::Task) => T::TaskStateExited,
        (Phase::Exited, K::Wait) => T::WaitStateExited,
        (Phase::Aborted, K::Map) => T::MapStateAborted,
        (Phase::Aborted, K::Parallel) => T::ParallelStateAborted,
        (Phase::Aborted, K::Task) => T::TaskStateAborted,
        (Phase::Aborted, K::Wait) => T::WaitStateAborted,
        (Phase::Exited, K::Fail) | (Phase::Aborted, K::Choice | K::Fail | K::Pass | K::Succeed) => {
            T::from(format!("{}{}", state_type.as_str(), phase.suffix()).as_str())
        }
    }
}

impl EventKind {
    /// The event's `type`, e.g. [`HistoryEventType::TaskStateEntered`] (printed as the service
    /// spells it, `TaskStateEntered`).
    ///
    /// ```
    /// use workflow_runtime::execution::{EventKind, api::HistoryEventType};
    /// let kind = EventKind::ExecutionAborted { error: None, cause: None };
    /// assert_eq!(kind.event_type(), HistoryEventType::ExecutionAborted);
    /// assert_eq!(kind.event_type().to_string(), "ExecutionAborted");
    /// ```
    pub fn event_type(&self) -> HistoryEventType {
        use HistoryEventType as T;
        match self {
            EventKind::StateEntered { state_type, .. } => state_event(*state_type, Phase::Entered),
            EventKind::StateExited { state_type, .. } => state_event(*state_type, Phase::Exited),
            EventKind::StateAborted { state_type, .. } => state_event(*state_type, Phase::Aborted),
            EventKind::ExecutionStarted { .. } => T::ExecutionStarted,
            EventKind::ExecutionSucceeded { .. } => T::ExecutionSucceeded,
            EventKind::ExecutionFailed { .. } => T::ExecutionFailed,
            EventKind::ExecutionTimedOut { .. } => T::ExecutionTimedOut,
            EventKind::ExecutionAborted { .. } => T::ExecutionAborted,
            EventKind::ExecutionRedriven { .. } => T::ExecutionRedriven,
            EventKind::TaskScheduled { .. } => T::TaskScheduled,
            EventKind::TaskStarted { .. } => T::TaskStarted,
            EventKind::TaskSubmitted { .. } => T::TaskSubmitted,
            EventKind::TaskSucceeded { .. } => T::TaskSucceeded,
            EventKind::TaskFailed { .. } => T::TaskFailed,
            EventKind::TaskTimedOut { .. } => T::TaskTimedOut,
            EventKind::ActivityScheduled { .. } => T::ActivityScheduled,
            EventKind::ActivityStarted { .. } => T::ActivityStarted,
            EventKind::ActivitySucceeded { .. } => T::ActivitySucceeded,
            EventKind::ActivityFailed { .. } => T::ActivityFailed,
            EventKind::ActivityTimedOut { .. } => T::ActivityTimedOut,
            EventKind::LambdaFunctionScheduled { .. } => T::LambdaFunctionScheduled,
            EventKind::LambdaFunctionStarted => T::LambdaFunctionStarted,
            EventKind::LambdaFunctionSucceeded { .. } => T::LambdaFunctionSucceeded,
            EventKind::LambdaFunctionFailed { .. } => T::LambdaFunctionFailed,
            EventKind::LambdaFunctionTimedOut { .. } => T::LambdaFunctionTimedOut,
            EventKind::EvaluationFailed { .. } => T::EvaluationFailed,
            EventKind::ParallelStateStarted => T::ParallelStateStarted,
            EventKind::ParallelStateSucceeded => T::ParallelStateSucceeded,
            EventKind::ParallelStateFailed { .. } => T::ParallelStateFailed,
            EventKind::MapStateStarted { .. } => T::MapStateStarted,
            EventKind::MapStateSucceeded => T::MapStateSucceeded,
            EventKind::MapStateFailed { .. } => T::MapStateFailed,
            EventKind::MapRunStarted { .. } => T::MapRunStarted,
            EventKind::MapRunRedriven { .. } => T::MapRunRedriven,
            EventKind::MapRunSucceeded => T::MapRunSucceeded,
            EventKind::MapRunAborted => T::MapRunAborted,
            EventKind::MapRunFailed { .. } => T::MapRunFailed,
            EventKind::MapIterationStarted { .. } => T::MapIterationStarted,
            EventKind::MapIterationSucceeded { .. } => T::MapIterationSucceeded,
            EventKind::MapIterationFailed { .. } => T::MapIterationFailed,
            EventKind::MapIterationAborted { .. } => T::MapIterationAborted,
            EventKind::Other { event_type, .. } => event_type.clone(),
        }
    }
}

/// The state's event of the type `text` spells when the model does not list it
/// (`PassStateAborted`, see [`state_event`]): `<Type>StateEntered`, `…Exited` or `…Aborted`
/// of a state type.
fn unlisted_state_event(text: &str) -> Option<(StateKind, Phase)> {
    [Phase::Entered, Phase::Exited, Phase::Aborted]
        .into_iter()
        .find_map(|phase| {
            let state_type = StateKind::from_name(text.strip_suffix(phase.suffix())?)?;
            Some((state_type, phase))
        })
}

/// A state's event of `phase`, from `d`; `None` when an entered or exited state's details
/// are missing. An aborted state's event has no details (AWS records none): its name is not
/// known.
fn state(state_type: StateKind, phase: Phase, d: &EventDetails) -> Option<EventKind> {
    Some(match phase {
        Phase::Entered => {
            let e = d.state_entered_event_details.as_ref()?;
            EventKind::StateEntered {
                state_type,
                name: Arc::from(e.name.as_str()),
                input: json(e.input.as_ref()),
            }
        }
        Phase::Exited => {
            let e = d.state_exited_event_details.as_ref()?;
            EventKind::StateExited {
                state_type,
                name: Arc::from(e.name.as_str()),
                output: json(e.output.as_ref()),
                assigned: e
                    .assigned_variables
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), JsonText::from(v.as_str())))
                    .collect(),
            }
        }
        Phase::Aborted => EventKind::StateAborted {
            state_type,
            name: Arc::from(""),
        },
    })
}

/// A Map iteration's name and index, from its details (`None` without an index that fits).
fn iteration(e: Option<&api::MapIterationEventDetails>) -> Option<(Arc<str>, usize)> {
    let e = e?;
    let name = Arc::from(e.name.as_deref().unwrap_or_default());
    Some((name, usize::try_from(e.index?).ok()?))
}

/// The typed kind of an event of `event_type` with `d`; `None` for a type kept as details, or
/// an event whose details do not fit its type (it is then [`EventKind::Other`]). The details
/// of a typed event may be absent (read as empty), as the events without any are.
///
/// Every type the model lists is decided here, in one `match` without a wildcard: a type a
/// new model adds fails to compile until it is typed or kept as details.
fn typed(event_type: &HistoryEventType, d: &mut EventDetails) -> Option<EventKind> {
    use HistoryEventType as T;
    use StateKind as K;
    // What can refuse the typed kind is read first; the details are taken (moved into the
    // kind) only once nothing can.
    fn taken<T: Default>(details: &mut Option<T>) -> T {
        details.take().unwrap_or_default()
    }
    Some(match event_type {
        T::ChoiceStateEntered => state(K::Choice, Phase::Entered, d)?,
        T::FailStateEntered => state(K::Fail, Phase::Entered, d)?,
        T::MapStateEntered => state(K::Map, Phase::Entered, d)?,
        T::ParallelStateEntered => state(K::Parallel, Phase::Entered, d)?,
        T::PassStateEntered => state(K::Pass, Phase::Entered, d)?,
        T::SucceedStateEntered => state(K::Succeed, Phase::Entered, d)?,
        T::TaskStateEntered => state(K::Task, Phase::Entered, d)?,
        T::WaitStateEntered => state(K::Wait, Phase::Entered, d)?,
        T::ChoiceStateExited => state(K::Choice, Phase::Exited, d)?,
        T::MapStateExited => state(K::Map, Phase::Exited, d)?,
        T::ParallelStateExited => state(K::Parallel, Phase::Exited, d)?,
        T::PassStateExited => state(K::Pass, Phase::Exited, d)?,
        T::SucceedStateExited => state(K::Succeed, Phase::Exited, d)?,
        T::TaskStateExited => state(K::Task, Phase::Exited, d)?,
        T::WaitStateExited => state(K::Wait, Phase::Exited, d)?,
        T::MapStateAborted => state(K::Map, Phase::Aborted, d)?,
        T::ParallelStateAborted => state(K::Parallel, Phase::Aborted, d)?,
        T::TaskStateAborted => state(K::Task, Phase::Aborted, d)?,
        T::WaitStateAborted => state(K::Wait, Phase::Aborted, d)?,
        T::ExecutionStarted => {
            let role = d
                .execution_started_event_details
                .as_ref()
                .and_then(|e| e.role_arn.as_ref());
            let role_arn = match role {
                None => None,
                Some(role) => Some(RoleArn::parse(role).ok()?),
            };
            let e = taken(&mut d.execution_started_event_details);
            EventKind::ExecutionStarted {
                input: json(e.input.as_ref()),
                role_arn,
            }
        }
        T::ExecutionSucceeded => EventKind::ExecutionSucceeded {
            output: json(
                taken(&mut d.execution_succeeded_event_details)
                    .output
                    .as_ref(),
            ),
        },
        T::ExecutionFailed => {
            let e = taken(&mut d.execution_failed_event_details);
            EventKind::ExecutionFailed {
                error: given_name(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::ExecutionTimedOut => {
            let e = taken(&mut d.execution_timed_out_event_details);
            EventKind::ExecutionTimedOut {
                error: error(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::ExecutionAborted => {
            let e = taken(&mut d.execution_aborted_event_details);
            EventKind::ExecutionAborted {
                error: given_name(e.error.as_ref()),
                cause: e.cause,
            }
        }
        T::ExecutionRedriven => EventKind::ExecutionRedriven {
            redrive_count: unsigned(d.execution_redriven_event_details.as_ref()?.redrive_count)?,
        },
        T::TaskScheduled => {
            let e = taken(&mut d.task_scheduled_event_details);
            EventKind::TaskScheduled {
                resource_type: e.resource_type,
                resource: e.resource,
                parameters: JsonText::from(e.parameters.as_str()),
                region: e.region,
                timeout_seconds: unsigned(e.timeout_in_seconds),
                heartbeat_seconds: unsigned(e.heartbeat_in_seconds),
            }
        }
        T::TaskStarted => {
            let e = taken(&mut d.task_started_event_details);
            EventKind::TaskStarted {
                resource_type: e.resource_type,
                resource: e.resource,
            }
        }
        T::TaskSubmitted => {
            let e = taken(&mut d.task_submitted_event_details);
            EventKind::TaskSubmitted {
                resource_type: e.resource_type,
                resource: e.resource,
                output: json(e.output.as_ref()),
            }
        }
        T::TaskSucceeded => {
            let e = taken(&mut d.task_succeeded_event_details);
            EventKind::TaskSucceeded {
                resource_type: e.resource_type,
                resource: e.resource,
                output: json(e.output.as_ref()),
            }
        }
        T::TaskFailed => {
            let e = taken(&mut d.task_failed_event_details);
            EventKind::TaskFailed {
                resource_type: e.resource_type,
                resource: e.resource,
                error: given_name(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::TaskTimedOut => {
            let e = taken(&mut d.task_timed_out_event_details);
            EventKind::TaskTimedOut {
                resource_type: e.resource_type,
                resource: e.resource,
                error: error(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::ActivityScheduled => {
            let e = taken(&mut d.activity_scheduled_event_details);
            EventKind::ActivityScheduled {
                resource: e.resource,
                input: json(e.input.as_ref()),
                timeout_seconds: unsigned(e.timeout_in_seconds),
                heartbeat_seconds: unsigned(e.heartbeat_in_seconds),
            }
        }
        T::ActivityStarted => EventKind::ActivityStarted {
            worker_name: taken(&mut d.activity_started_event_details).worker_name,
        },
        T::ActivitySucceeded => EventKind::ActivitySucceeded {
            output: json(
                taken(&mut d.activity_succeeded_event_details)
                    .output
                    .as_ref(),
            ),
        },
        T::ActivityFailed => {
            let e = taken(&mut d.activity_failed_event_details);
            EventKind::ActivityFailed {
                error: given_name(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::ActivityTimedOut => {
            let e = taken(&mut d.activity_timed_out_event_details);
            EventKind::ActivityTimedOut {
                error: error(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::LambdaFunctionScheduled => {
            let e = taken(&mut d.lambda_function_scheduled_event_details);
            EventKind::LambdaFunctionScheduled {
                resource: e.resource,
                input: json(e.input.as_ref()),
                timeout_seconds: unsigned(e.timeout_in_seconds),
            }
        }
        T::LambdaFunctionStarted => EventKind::LambdaFunctionStarted,
        T::LambdaFunctionSucceeded => EventKind::LambdaFunctionSucceeded {
            output: json(
                taken(&mut d.lambda_function_succeeded_event_details)
                    .output
                    .as_ref(),
            ),
        },
        T::LambdaFunctionFailed => {
            let e = taken(&mut d.lambda_function_failed_event_details);
            EventKind::LambdaFunctionFailed {
                error: given_name(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::LambdaFunctionTimedOut => {
            let e = taken(&mut d.lambda_function_timed_out_event_details);
            EventKind::LambdaFunctionTimedOut {
                error: error(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::EvaluationFailed => {
            let e = taken(&mut d.evaluation_failed_event_details);
            EventKind::EvaluationFailed {
                error: error(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
                location: e.location,
                state: Arc::from(e.state.as_str()),
            }
        }
        T::ParallelStateStarted => EventKind::ParallelStateStarted,
        T::ParallelStateSucceeded => EventKind::ParallelStateSucceeded,
        T::ParallelStateFailed => EventKind::ParallelStateFailed {
            error: None,
            cause: String::new(),
        },
        T::MapStateStarted => EventKind::MapStateStarted {
            length: usize::try_from(d.map_state_started_event_details.as_ref()?.length?).ok()?,
        },
        T::MapStateSucceeded => EventKind::MapStateSucceeded,
        T::MapStateFailed => EventKind::MapStateFailed {
            error: None,
            cause: String::new(),
        },
        T::MapRunStarted => EventKind::MapRunStarted {
            map_run_arn: map_run_arn(
                d.map_run_started_event_details
                    .as_ref()?
                    .map_run_arn
                    .as_ref(),
            )?,
        },
        T::MapRunRedriven => {
            let e = d.map_run_redriven_event_details.as_ref()?;
            EventKind::MapRunRedriven {
                map_run_arn: map_run_arn(e.map_run_arn.as_ref())?,
                redrive_count: unsigned(e.redrive_count)?,
            }
        }
        T::MapRunSucceeded => EventKind::MapRunSucceeded,
        T::MapRunAborted => EventKind::MapRunAborted,
        T::MapRunFailed => {
            let e = taken(&mut d.map_run_failed_event_details);
            EventKind::MapRunFailed {
                error: error(e.error.as_ref()),
                cause: cause(e.cause.as_ref()),
            }
        }
        T::MapIterationStarted => {
            let (name, index) = iteration(d.map_iteration_started_event_details.as_ref())?;
            EventKind::MapIterationStarted { name, index }
        }
        T::MapIterationSucceeded => {
            let (name, index) = iteration(d.map_iteration_succeeded_event_details.as_ref())?;
            EventKind::MapIterationSucceeded { name, index }
        }
        T::MapIterationAborted => {
            let (name, index) = iteration(d.map_iteration_aborted_event_details.as_ref())?;
            EventKind::MapIterationAborted { name, index }
        }
        T::MapIterationFailed => {
            let (name, index) = iteration(d.map_iteration_failed_event_details.as_ref())?;
            EventKind::MapIterationFailed {
                name,
                index,
                error: None,
                cause: String::new(),
            }
        }
        // Kept as details: failures to schedule, start or submit a task, which the engine
        // does not write; read from the service's history, they keep their details (their
        // error and cause read by `EventKind::error` and `EventKind::cause`).
        T::ActivityScheduleFailed
        | T::LambdaFunctionScheduleFailed
        | T::LambdaFunctionStartFailed
        | T::TaskStartFailed
        | T::TaskSubmitFailed => return None,
        // A type the model does not list: a state's event of a combination the model leaves
        // out ([`state_event`]) is that state's event; any other is kept as details.
        T::Unknown(text) => {
            let (state_type, phase) = unlisted_state_event(text.as_str())?;
            state(state_type, phase, d)?
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::execution::api::HistoryEventType;
    use crate::execution::{EventKind, HistoryEvent, JsonText};
    use serde_json::Value;
    use std::sync::Arc;
    use workflow_asl::{ErrorName, StateKind};

    /// An event whose ARN does not parse is kept, untyped, and writes back as it was read.
    #[test]
    fn an_event_whose_arn_does_not_parse_reads_as_other_and_writes_back_the_same() {
        for (event_type, key, field, text) in [
            (
                "ExecutionStarted",
                "executionStartedEventDetails",
                "roleArn",
                "arn:aws:iam::1:user/u",
            ),
            (
                "MapRunStarted",
                "mapRunStartedEventDetails",
                "mapRunArn",
                "not an arn",
            ),
            (
                "MapRunRedriven",
                "mapRunRedrivenEventDetails",
                "mapRunArn",
                "arn:aws:states:us-east-1:123456789012:execution:M:e",
            ),
        ] {
            let mut details = serde_json::json!({ field: text });
            if event_type == "MapRunRedriven" {
                details["redriveCount"] = 1.into();
            }
            let event = serde_json::json!({
                "id": 3, "previousEventId": 2, "timestamp": "2026-01-01T00:00:00.000Z",
                "type": event_type, key: details,
            });
            let read = HistoryEvent::from_json(&event).expect("an event");
            assert!(
                matches!(&read.kind, EventKind::Other { event_type: t, .. } if t.as_str() == event_type),
                "{:?}",
                read.kind
            );
            assert_eq!(read.to_json(), event);
        }
    }

    /// Every kind the engine writes reads back as it was written.
    #[test]
    fn an_event_written_reads_back_as_itself() {
        let kinds = [
            EventKind::ExecutionStarted {
                input: JsonText::from(r#"{"a":1}"#),
                role_arn: Some("arn:aws:iam::123456789012:role/r".parse().unwrap()),
            },
            EventKind::StateEntered {
                state_type: StateKind::Task,
                name: Arc::from("Charge"),
                input: JsonText::from("{}"),
            },
            EventKind::TaskScheduled {
                resource_type: "lambda".into(),
                resource: "invoke".into(),
                parameters: JsonText::from(r#"{"FunctionName":"f"}"#),
                region: "eu-west-1".into(),
                timeout_seconds: Some(30),
                heartbeat_seconds: None,
            },
            EventKind::TaskSucceeded {
                resource_type: "lambda".into(),
                resource: "invoke".into(),
                output: JsonText::from("[1]"),
            },
            EventKind::LambdaFunctionSucceeded {
                output: JsonText::from("2"),
            },
            EventKind::ActivityStarted { worker_name: None },
            EventKind::TaskFailed {
                resource_type: "sqs".into(),
                resource: "sendMessage".into(),
                error: Some(ErrorName::from("E")),
                cause: "c".into(),
            },
            EventKind::MapIterationAborted {
                name: Arc::from("Each"),
                index: 3,
            },
            EventKind::ExecutionRedriven { redrive_count: 2 },
            EventKind::MapRunRedriven {
                map_run_arn: "arn:aws:states:us-east-1:123456789012:mapRun:M/L:1"
                    .parse()
                    .unwrap(),
                redrive_count: 1,
            },
        ];
        let text = |t: &str| JsonText::from(t);
        let name = || Arc::from("S");
        let error = || ErrorName::from("States.Timeout");
        let task = || ("sqs".to_owned(), "sendMessage".to_owned());
        let every_other_kind = [
            EventKind::ExecutionStarted {
                input: text("{}"),
                role_arn: None,
            },
            EventKind::ExecutionSucceeded { output: text("1") },
            EventKind::ExecutionFailed {
                error: None,
                cause: String::new(),
            },
            EventKind::ExecutionFailed {
                error: Some(error()),
                cause: "c".into(),
            },
            EventKind::ExecutionTimedOut {
                error: error(),
                cause: String::new(),
            },
            EventKind::StateExited {
                state_type: StateKind::Pass,
                name: name(),
                output: text(r#"{"b":2}"#),
                // In the order assigned, not sorted.
                assigned: vec![("z".into(), text("1")), ("a".into(), text(r#""x""#))],
            },
            EventKind::StateExited {
                state_type: StateKind::Choice,
                name: name(),
                output: text("null"),
                assigned: Vec::new(),
            },
            EventKind::TaskStarted {
                resource_type: task().0,
                resource: task().1,
            },
            EventKind::TaskSubmitted {
                resource_type: task().0,
                resource: task().1,
                output: text("{}"),
            },
            EventKind::TaskFailed {
                resource_type: task().0,
                resource: task().1,
                error: None,
                cause: String::new(),
            },
            EventKind::TaskTimedOut {
                resource_type: task().0,
                resource: task().1,
                error: error(),
                cause: "late".into(),
            },
            EventKind::ActivityScheduled {
                resource: "arn:aws:states:us-east-1:123456789012:activity:A".into(),
                input: text("{}"),
                timeout_seconds: Some(5),
                heartbeat_seconds: Some(2),
            },
            EventKind::ActivityStarted {
                worker_name: Some("w".into()),
            },
            EventKind::ActivitySucceeded { output: text("3") },
            EventKind::ActivityFailed {
                error: Some(error()),
                cause: String::new(),
            },
            EventKind::ActivityTimedOut {
                error: error(),
                cause: String::new(),
            },
            EventKind::LambdaFunctionScheduled {
                resource: "arn:aws:lambda:us-east-1:123456789012:function:f".into(),
                input: text("{}"),
                timeout_seconds: None,
            },
            EventKind::LambdaFunctionStarted,
            EventKind::LambdaFunctionFailed {
                error: None,
                cause: "boom".into(),
            },
            EventKind::LambdaFunctionTimedOut {
                error: error(),
                cause: String::new(),
            },
            EventKind::StateAborted {
                state_type: StateKind::Task,
                name: Arc::from(""),
            },
            EventKind::EvaluationFailed {
                error: ErrorName::from("States.QueryEvaluationError"),
                cause: String::new(),
                location: Some("Output".into()),
                state: name(),
            },
            EventKind::ParallelStateStarted,
            EventKind::ParallelStateSucceeded,
            EventKind::ParallelStateFailed {
                error: None,
                cause: String::new(),
            },
            EventKind::MapStateStarted { length: 4 },
            EventKind::MapStateSucceeded,
            EventKind::MapStateFailed {
                error: None,
                cause: String::new(),
            },
            EventKind::MapRunStarted {
                map_run_arn: "arn:aws:states:us-east-1:123456789012:mapRun:M/L:1"
                    .parse()
                    .unwrap(),
            },
            EventKind::MapRunSucceeded,
            EventKind::MapRunAborted,
            EventKind::MapRunFailed {
                error: error(),
                cause: String::new(),
            },
            EventKind::MapIterationStarted {
                name: name(),
                index: 0,
            },
            EventKind::MapIterationSucceeded {
                name: name(),
                index: 1,
            },
            EventKind::MapIterationFailed {
                name: name(),
                index: 2,
                error: None,
                cause: String::new(),
            },
            EventKind::ExecutionAborted {
                error: Some(ErrorName::from("E")),
                cause: None,
            },
            EventKind::ExecutionAborted {
                error: None,
                cause: Some("by hand".into()),
            },
            EventKind::ExecutionAborted {
                error: None,
                cause: None,
            },
        ];
        // Every state type's entry, exit and abort, those the model does not list included.
        let states = StateKind::ALL.into_iter().flat_map(|state_type| {
            [
                EventKind::StateEntered {
                    state_type,
                    name: Arc::from("S"),
                    input: JsonText::from("{}"),
                },
                EventKind::StateExited {
                    state_type,
                    name: Arc::from("S"),
                    output: JsonText::from("{}"),
                    assigned: Vec::new(),
                },
                EventKind::StateAborted {
                    state_type,
                    name: Arc::from(""),
                },
            ]
        });
        for (i, kind) in kinds
            .into_iter()
            .chain(every_other_kind)
            .chain(states)
            .enumerate()
        {
            let event = HistoryEvent {
                id: i as u64 + 1,
                previous_event_id: i as u64,
                timestamp_millis: 1_767_225_600_123,
                kind,
            };
            let read = HistoryEvent::from_json(&event.to_json()).expect("an event");
            assert_eq!(read, event);
            // As text, through serde, and through the model's structure: the same.
            let written = serde_json::to_string(&event).expect("written");
            let read: HistoryEvent = serde_json::from_str(&written).expect("read");
            assert_eq!(read, event, "{written}");
            assert_eq!(
                HistoryEvent::from_api(event.to_api()).expect("an event"),
                event
            );
        }
    }

    /// A history this codec did not write: every member of written events, at any depth,
    /// replaced by a value of each JSON type, is refused at a pointer into the event or read as
    /// an event that writes back what it reads (never a panic).
    #[test]
    fn an_event_with_any_member_of_any_type_is_refused_where_it_is_or_read_whole() {
        let written = [
            r#"{"timestamp":"2026-01-01T00:00:00.000Z","type":"TaskStateExited","id":4,"previousEventId":3,"stateExitedEventDetails":{"name":"T","output":"{}","outputDetails":{"truncated":false},"assignedVariables":{"a":"1"},"assignedVariablesDetails":{"truncated":false}}}"#,
            r#"{"timestamp":"2026-01-01T00:00:00.000Z","type":"TaskScheduled","id":5,"previousEventId":4,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{}","timeoutInSeconds":3}}"#,
            r#"{"timestamp":1767225600.5,"type":"MapRunRedriven","id":6,"previousEventId":5,"mapRunRedrivenEventDetails":{"mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:M/L:1","redriveCount":1}}"#,
            r#"{"timestamp":1767225600,"type":"MapIterationFailed","id":7,"previousEventId":6,"mapIterationFailedEventDetails":{"name":"M","index":0}}"#,
        ];
        let replacements = [
            serde_json::json!(null),
            serde_json::json!(-1),
            serde_json::json!(1.5),
            serde_json::json!(1e300),
            serde_json::json!("x"),
            serde_json::json!([]),
            serde_json::json!({}),
        ];
        let mut refused = 0;
        for text in written {
            let event: Value = serde_json::from_str(text).unwrap();
            let mut pointers = vec![String::new()];
            let mut to_visit = vec![(String::new(), &event)];
            while let Some((at, value)) = to_visit.pop() {
                if let Value::Object(map) = value {
                    for (k, v) in map {
                        let p = format!("{at}/{k}");
                        pointers.push(p.clone());
                        to_visit.push((p, v));
                    }
                }
            }
            for pointer in pointers.iter().filter(|p| !p.is_empty()) {
                for replacement in &replacements {
                    let mut bad = event.clone();
                    *bad.pointer_mut(pointer).unwrap() = replacement.clone();
                    match HistoryEvent::from_json(&bad) {
                        Err(e) => {
                            refused += 1;
                            assert!(
                                e.at.is_empty()
                                    || pointer.starts_with(&e.at)
                                    || e.at.starts_with(pointer.as_str()),
                                "{pointer} = {replacement}: refused at {} ({})",
                                e.at,
                                e.message
                            );
                        }
                        Ok(read) => {
                            let again =
                                HistoryEvent::from_json(&read.to_json()).expect("its own JSON");
                            assert_eq!(again, read, "{pointer} = {replacement}");
                        }
                    }
                }
            }
        }
        assert!(refused > 50, "{refused}");
    }

    /// An event of each type the model lists reads with that type and writes it back: typed,
    /// or kept with its details, never as a type the model does not know.
    #[test]
    fn an_event_of_every_type_the_model_lists_reads_with_its_type() {
        let mut typed = 0;
        for &text in HistoryEventType::values() {
            let event = serde_json::json!({
                "id": 1, "previousEventId": 0, "timestamp": "2026-01-01T00:00:00.000Z",
                "type": text,
            });
            let read = HistoryEvent::from_json(&event).expect("an event");
            let event_type = read.kind.event_type();
            assert_eq!(event_type.as_str(), text);
            assert!(
                !matches!(event_type, HistoryEventType::Unknown(_)),
                "{text}"
            );
            assert_eq!(read.to_json()["type"], text);
            if !matches!(read.kind, EventKind::Other { .. }) {
                typed += 1;
            }
        }
        // The state events that need their details (entered, exited) are kept without them.
        assert!(typed > 30, "{typed}");
    }

    /// The kinds the engine writes have the model's types, but for a state's event of a
    /// combination the model leaves out, which reads back as that state's event.
    #[test]
    fn the_engine_writes_the_models_types_but_for_unlisted_state_events() {
        let mut unlisted = Vec::new();
        for state_type in StateKind::ALL {
            for kind in [
                EventKind::StateEntered {
                    state_type,
                    name: Arc::from("S"),
                    input: JsonText::from("{}"),
                },
                EventKind::StateExited {
                    state_type,
                    name: Arc::from("S"),
                    output: JsonText::from("{}"),
                    assigned: Vec::new(),
                },
                EventKind::StateAborted {
                    state_type,
                    name: Arc::from(""),
                },
            ] {
                if let HistoryEventType::Unknown(text) = kind.event_type() {
                    unlisted.push(text.as_str().to_owned());
                }
            }
        }
        unlisted.sort();
        assert_eq!(
            unlisted,
            [
                "ChoiceStateAborted",
                "FailStateAborted",
                "FailStateExited",
                "PassStateAborted",
                "SucceedStateAborted"
            ]
        );
    }

    /// A type a newer API sends is kept as sent: the event reads as `Other` and writes back
    /// its type; a details member the model does not define is not kept.
    #[test]
    fn an_event_of_a_type_the_model_does_not_list_reads_and_writes_back_its_type() {
        let event = serde_json::json!({
            "id": 9, "previousEventId": 8, "timestamp": "2026-01-01T00:00:00.000Z",
            "type": "ExecutionPaused", "executionPausedEventDetails": {"reason": "x"},
        });
        let read = HistoryEvent::from_json(&event).expect("an event");
        let EventKind::Other { event_type, .. } = &read.kind else {
            panic!("{:?}", read.kind);
        };
        assert!(
            matches!(event_type, HistoryEventType::Unknown(t) if t.as_str() == "ExecutionPaused")
        );
        assert_eq!(read.kind.event_type().to_string(), "ExecutionPaused");
        let written = read.to_json();
        assert_eq!(written["type"], "ExecutionPaused");
        assert!(
            written.get("executionPausedEventDetails").is_none(),
            "{written}"
        );
        assert_eq!(HistoryEvent::from_json(&written).expect("again"), read);
        // A type is spelled exactly: another case is another type.
        let other_case = serde_json::json!({"id": 1, "timestamp": 1, "type": "executionAborted"});
        let read = HistoryEvent::from_json(&other_case).expect("an event");
        assert!(matches!(
            read.kind,
            EventKind::Other {
                event_type: HistoryEventType::Unknown(_),
                ..
            }
        ));
    }

    /// `ExecutionAborted` is typed: its error and cause each when given, its details left out
    /// when neither was, and empty details read as neither.
    #[test]
    fn an_execution_aborted_reads_typed_with_what_was_given() {
        let read = |details: Option<Value>| {
            let mut event = serde_json::json!({
                "id": 4, "previousEventId": 3, "timestamp": "2026-01-01T00:00:00.000Z",
                "type": "ExecutionAborted",
            });
            if let Some(details) = details {
                event["executionAbortedEventDetails"] = details;
            }
            HistoryEvent::from_json(&event).expect("an event")
        };
        let aborted = read(Some(
            serde_json::json!({"error": "Operator", "cause": "no"}),
        ));
        assert_eq!(
            aborted.kind,
            EventKind::ExecutionAborted {
                error: Some(ErrorName::from("Operator")),
                cause: Some("no".into()),
            }
        );
        assert_eq!(aborted.kind.error(), Some("Operator"));
        assert_eq!(aborted.kind.cause(), Some("no"));
        let bare = EventKind::ExecutionAborted {
            error: None,
            cause: None,
        };
        assert_eq!(read(None).kind, bare);
        assert_eq!(read(Some(serde_json::json!({}))).kind, bare);
        assert_eq!(read(None).kind.cause(), None);
        assert!(
            read(None)
                .to_json()
                .get("executionAbortedEventDetails")
                .is_none()
        );
    }
}
