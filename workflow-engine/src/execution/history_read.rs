//! A history event read back from the JSON `GetExecutionHistory` returns (and
//! [`HistoryEvent::to_json`] writes): `workflow serve` keeps its executions' histories as that
//! JSON, and reads them back to redrive an execution after a restart. The events the engine
//! writes become their typed [`EventKind`]; any other is [`EventKind::Other`] with its details.
//!
//! An event whose ARN does not parse (an `ExecutionStarted` whose `roleArn` is not an IAM
//! role's ARN, a `MapRunStarted` or `MapRunRedriven` whose `mapRunArn` is not a Map Run's ARN)
//! is not the typed event either: it reads as [`EventKind::Other`], its details kept as they
//! were, so it stays readable and writes back the same JSON. AWS writes neither (its roles are
//! checked at `CreateStateMachine`, its Map Run ARNs are its own); [`super::RecordedHistory`]
//! refuses such an event at the ARN's JSON pointer, since an execution resumed from it would
//! miss its start or its Map Run.

use super::history::{EventKind, HistoryEvent, JsonText};
use serde_json::{Map, Value};
use std::sync::Arc;
use workflow_asl::{ErrorName, StateKind};
use workflow_aws_models::{ResourceType, RoleArn, StatesArn};

impl HistoryEvent {
    /// The event `value` holds, as `GetExecutionHistory` writes one: `id`, `previousEventId`,
    /// `timestamp` (RFC 3339 text, or seconds since the Unix epoch as the protocol sends it),
    /// `type` and its `<type>EventDetails`. `None` when it is not an event.
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
    /// ```
    pub fn from_json(value: &Value) -> Option<HistoryEvent> {
        let event_type = value.get("type")?.as_str()?;
        let timestamp_millis = match value.get("timestamp")? {
            Value::Number(seconds) => (seconds.as_f64()? * 1000.0).round() as i64,
            Value::String(text) => {
                let t = workflow_asl::timestamp::parse_rfc3339(text)?;
                i64::try_from(t.unix_nanos / 1_000_000).ok()?
            }
            _ => return None,
        };
        let details = value
            .as_object()?
            .iter()
            .find(|(k, _)| k.ends_with("EventDetails"))
            .and_then(|(_, v)| v.as_object())
            .cloned()
            .unwrap_or_default();
        Some(HistoryEvent {
            id: value.get("id")?.as_u64()?,
            previous_event_id: value
                .get("previousEventId")
                .and_then(Value::as_u64)
                .unwrap_or(0),
            timestamp_millis,
            kind: kind(event_type, &details).unwrap_or_else(|| EventKind::Other {
                event_type: event_type.to_owned(),
                details,
            }),
        })
    }
}

fn text(details: &Map<String, Value>, key: &str) -> JsonText {
    JsonText::from(details.get(key).and_then(Value::as_str).unwrap_or("null"))
}

fn string(details: &Map<String, Value>, key: &str) -> String {
    details
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn error(details: &Map<String, Value>) -> ErrorName {
    ErrorName::from(string(details, "error"))
}

/// The `error` of a failure AWS may write without one (`None` then).
fn given_error(details: &Map<String, Value>) -> Option<ErrorName> {
    details
        .get("error")
        .and_then(Value::as_str)
        .map(ErrorName::from)
}

/// `ExecutionStarted`'s `roleArn`: `Some(None)` when there is none, `None` (the event is not
/// typed) when it is there and not an IAM role's ARN.
fn role_arn(details: &Map<String, Value>) -> Option<Option<RoleArn>> {
    match details.get("roleArn") {
        None | Some(Value::Null) => Some(None),
        Some(role) => RoleArn::parse(role.as_str()?).ok().map(Some),
    }
}

/// A Map Run event's `mapRunArn`, when it is a Map Run's ARN (`None` otherwise: the event is
/// not typed).
fn map_run_arn(details: &Map<String, Value>) -> Option<StatesArn> {
    let arn = StatesArn::parse(details.get("mapRunArn")?.as_str()?).ok()?;
    (arn.kind() == ResourceType::MapRun).then_some(arn)
}

fn seconds(details: &Map<String, Value>, key: &str) -> Option<u64> {
    details.get(key).and_then(Value::as_u64)
}

/// The typed kind, for the event types the engine writes.
fn kind(event_type: &str, d: &Map<String, Value>) -> Option<EventKind> {
    for (suffix, entered) in [("StateEntered", true), ("StateExited", false)] {
        if let Some(state_type) = event_type
            .strip_suffix(suffix)
            .and_then(StateKind::from_name)
        {
            let name = Arc::from(d.get("name")?.as_str()?);
            return Some(if entered {
                EventKind::StateEntered {
                    state_type,
                    name,
                    input: text(d, "input"),
                }
            } else {
                EventKind::StateExited {
                    state_type,
                    name,
                    output: text(d, "output"),
                    assigned: d
                        .get("assignedVariables")
                        .and_then(Value::as_object)
                        .map(|vars| {
                            vars.iter()
                                .filter_map(|(k, v)| Some((k.clone(), JsonText::from(v.as_str()?))))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            });
        }
    }
    if let Some(state_type) = event_type
        .strip_suffix("StateAborted")
        .and_then(StateKind::from_name)
    {
        return Some(EventKind::StateAborted {
            state_type,
            name: Arc::from(""),
        });
    }
    let task = |d: &Map<String, Value>| (string(d, "resourceType"), string(d, "resource"));
    Some(match event_type {
        "ExecutionStarted" => EventKind::ExecutionStarted {
            input: text(d, "input"),
            role_arn: role_arn(d)?,
        },
        "ExecutionSucceeded" => EventKind::ExecutionSucceeded {
            output: text(d, "output"),
        },
        "ExecutionFailed" => EventKind::ExecutionFailed {
            error: given_error(d),
            cause: string(d, "cause"),
        },
        "ExecutionTimedOut" => EventKind::ExecutionTimedOut {
            error: error(d),
            cause: string(d, "cause"),
        },
        "ExecutionRedriven" => EventKind::ExecutionRedriven {
            redrive_count: seconds(d, "redriveCount")?,
        },
        "TaskScheduled" => {
            let (resource_type, resource) = task(d);
            EventKind::TaskScheduled {
                resource_type,
                resource,
                parameters: text(d, "parameters"),
                region: string(d, "region"),
                timeout_seconds: seconds(d, "timeoutInSeconds"),
                heartbeat_seconds: seconds(d, "heartbeatInSeconds"),
            }
        }
        "TaskStarted" => {
            let (resource_type, resource) = task(d);
            EventKind::TaskStarted {
                resource_type,
                resource,
            }
        }
        "TaskSubmitted" => {
            let (resource_type, resource) = task(d);
            EventKind::TaskSubmitted {
                resource_type,
                resource,
                output: text(d, "output"),
            }
        }
        "TaskSucceeded" => {
            let (resource_type, resource) = task(d);
            EventKind::TaskSucceeded {
                resource_type,
                resource,
                output: text(d, "output"),
            }
        }
        "TaskFailed" | "TaskTimedOut" => {
            let (resource_type, resource) = task(d);
            let cause = string(d, "cause");
            if event_type == "TaskFailed" {
                EventKind::TaskFailed {
                    resource_type,
                    resource,
                    error: given_error(d),
                    cause,
                }
            } else {
                EventKind::TaskTimedOut {
                    resource_type,
                    resource,
                    error: error(d),
                    cause,
                }
            }
        }
        "ActivityScheduled" => EventKind::ActivityScheduled {
            resource: string(d, "resource"),
            input: text(d, "input"),
            timeout_seconds: seconds(d, "timeoutInSeconds"),
            heartbeat_seconds: seconds(d, "heartbeatInSeconds"),
        },
        "ActivityStarted" => EventKind::ActivityStarted {
            worker_name: d
                .get("workerName")
                .and_then(Value::as_str)
                .map(str::to_owned),
        },
        "ActivitySucceeded" => EventKind::ActivitySucceeded {
            output: text(d, "output"),
        },
        "ActivityFailed" => EventKind::ActivityFailed {
            error: given_error(d),
            cause: string(d, "cause"),
        },
        "ActivityTimedOut" => EventKind::ActivityTimedOut {
            error: error(d),
            cause: string(d, "cause"),
        },
        "LambdaFunctionScheduled" => EventKind::LambdaFunctionScheduled {
            resource: string(d, "resource"),
            input: text(d, "input"),
            timeout_seconds: seconds(d, "timeoutInSeconds"),
        },
        "LambdaFunctionStarted" => EventKind::LambdaFunctionStarted,
        "LambdaFunctionSucceeded" => EventKind::LambdaFunctionSucceeded {
            output: text(d, "output"),
        },
        "LambdaFunctionFailed" => EventKind::LambdaFunctionFailed {
            error: given_error(d),
            cause: string(d, "cause"),
        },
        "LambdaFunctionTimedOut" => EventKind::LambdaFunctionTimedOut {
            error: error(d),
            cause: string(d, "cause"),
        },
        "EvaluationFailed" => EventKind::EvaluationFailed {
            error: error(d),
            cause: string(d, "cause"),
            location: d.get("location").and_then(Value::as_str).map(str::to_owned),
            state: Arc::from(string(d, "state")),
        },
        "ParallelStateStarted" => EventKind::ParallelStateStarted,
        "ParallelStateSucceeded" => EventKind::ParallelStateSucceeded,
        "ParallelStateFailed" => EventKind::ParallelStateFailed {
            error: None,
            cause: String::new(),
        },
        "MapStateStarted" => EventKind::MapStateStarted {
            length: usize::try_from(d.get("length")?.as_u64()?).ok()?,
        },
        "MapStateSucceeded" => EventKind::MapStateSucceeded,
        "MapStateFailed" => EventKind::MapStateFailed {
            error: None,
            cause: String::new(),
        },
        "MapRunStarted" => EventKind::MapRunStarted {
            map_run_arn: map_run_arn(d)?,
        },
        "MapRunRedriven" => EventKind::MapRunRedriven {
            map_run_arn: map_run_arn(d)?,
            redrive_count: seconds(d, "redriveCount")?,
        },
        "MapRunSucceeded" => EventKind::MapRunSucceeded,
        "MapRunAborted" => EventKind::MapRunAborted,
        "MapRunFailed" => EventKind::MapRunFailed {
            error: error(d),
            cause: string(d, "cause"),
        },
        "MapIterationStarted"
        | "MapIterationSucceeded"
        | "MapIterationFailed"
        | "MapIterationAborted" => {
            let name = Arc::from(string(d, "name"));
            let index = usize::try_from(d.get("index")?.as_u64()?).ok()?;
            match event_type {
                "MapIterationStarted" => EventKind::MapIterationStarted { name, index },
                "MapIterationSucceeded" => EventKind::MapIterationSucceeded { name, index },
                "MapIterationAborted" => EventKind::MapIterationAborted { name, index },
                _ => EventKind::MapIterationFailed {
                    name,
                    index,
                    error: None,
                    cause: String::new(),
                },
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::execution::{EventKind, HistoryEvent, JsonText};
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
            let event = serde_json::json!({
                "id": 3, "previousEventId": 2, "timestamp": "2026-01-01T00:00:00.000Z",
                "type": event_type, key: {field: text, "redriveCount": 1},
            });
            let read = HistoryEvent::from_json(&event).expect("an event");
            assert!(
                matches!(&read.kind, EventKind::Other { event_type: t, .. } if t == event_type),
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
        for (i, kind) in kinds.into_iter().enumerate() {
            let event = HistoryEvent {
                id: i as u64 + 1,
                previous_event_id: i as u64,
                timestamp_millis: 1_767_225_600_123,
                kind,
            };
            let read = HistoryEvent::from_json(&event.to_json()).expect("an event");
            assert_eq!(read, event);
        }
    }
}
