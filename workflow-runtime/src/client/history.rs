//! An execution's history read from Step Functions (`GetExecutionHistory`) as the same
//! [`HistoryEvent`] the local engine writes: the events the engine writes become their typed
//! [`EventKind`]; the others (`ExecutionAborted`, `EvaluationFailed`, …) are
//! [`EventKind::Other`] with their input, output, error and cause.
//!
//! An event the engine writes whose ARN does not parse (an `ExecutionStarted`'s `roleArn` that
//! is not an IAM role's, a `MapRunStarted`'s or `MapRunRedriven`'s `mapRunArn` that is not a
//! Map Run's) is not typed either, as `HistoryEvent::from_json` reads it: it is
//! [`EventKind::Other`], its ARN kept among its details.

use crate::execution::{EventKind, HistoryEvent, JsonText};
use aws_sdk_sfn::types::HistoryEvent as SdkHistoryEvent;
use serde_json::{Map, Value};
use std::sync::Arc;
use workflow_asl::ErrorName;
use workflow_asl::StateKind;
use workflow_aws_models::{ResourceType, RoleArn, StatesArn};

/// The engine's event for one event of the service's history.
pub(super) fn from_sdk(e: &SdkHistoryEvent) -> HistoryEvent {
    HistoryEvent {
        id: u64::try_from(e.id()).unwrap_or(0),
        previous_event_id: u64::try_from(e.previous_event_id()).unwrap_or(0),
        timestamp_millis: super::execution::millis(e.timestamp()),
        kind: kind(e).unwrap_or_else(|| other(e)),
    }
}

/// The state type a `…StateEntered` / `…StateExited` type names.
fn state_kind(event_type: &str) -> Option<StateKind> {
    let name = event_type
        .strip_suffix("StateEntered")
        .or_else(|| event_type.strip_suffix("StateExited"))?;
    StateKind::from_name(name)
}

fn text(t: Option<&str>) -> JsonText {
    JsonText::from(t.unwrap_or("null"))
}

fn owned(t: Option<&str>) -> String {
    t.unwrap_or_default().to_owned()
}

/// An error name as the service reports it (empty when it reports none).
fn error_name(t: Option<&str>) -> ErrorName {
    ErrorName::from(t.unwrap_or_default())
}

/// A Map Run event's ARN, when it is a Map Run's (`None` otherwise: the event is not typed).
fn map_run_arn(t: Option<&str>) -> Option<StatesArn> {
    let arn = StatesArn::parse(t?).ok()?;
    (arn.kind() == ResourceType::MapRun).then_some(arn)
}

fn seconds(s: Option<i64>) -> Option<u64> {
    s.and_then(|s| u64::try_from(s).ok())
}

fn index(i: i32) -> usize {
    usize::try_from(i).unwrap_or(0)
}

/// The typed kind, for the event types the engine writes.
fn kind(e: &SdkHistoryEvent) -> Option<EventKind> {
    let event_type = e.r#type().as_str();
    // An aborted state's event has no details (AWS records none): its name is not known.
    if let Some(state_type) = event_type
        .strip_suffix("StateAborted")
        .and_then(StateKind::from_name)
    {
        return Some(EventKind::StateAborted {
            state_type,
            name: Arc::from(""),
        });
    }
    if let Some(state_type) = state_kind(event_type) {
        if let Some(d) = e.state_entered_event_details() {
            return Some(EventKind::StateEntered {
                state_type,
                name: Arc::from(d.name()),
                input: text(d.input()),
            });
        }
        if let Some(d) = e.state_exited_event_details() {
            let mut assigned: Vec<(String, JsonText)> = d
                .assigned_variables()
                .map(|vars| {
                    vars.iter()
                        .map(|(k, v)| (k.clone(), text(Some(v.as_str()))))
                        .collect()
                })
                .unwrap_or_default();
            assigned.sort_by(|a, b| a.0.cmp(&b.0));
            return Some(EventKind::StateExited {
                state_type,
                name: Arc::from(d.name()),
                output: text(d.output()),
                assigned,
            });
        }
        return None;
    }
    Some(match event_type {
        "ExecutionStarted" => EventKind::ExecutionStarted {
            input: text(e.execution_started_event_details()?.input()),
            role_arn: match e.execution_started_event_details()?.role_arn() {
                None => None,
                Some(role) => Some(RoleArn::parse(role).ok()?),
            },
        },
        "ExecutionSucceeded" => EventKind::ExecutionSucceeded {
            output: text(e.execution_succeeded_event_details()?.output()),
        },
        "ExecutionFailed" => {
            let d = e.execution_failed_event_details()?;
            EventKind::ExecutionFailed {
                error: d.error().map(ErrorName::from),
                cause: owned(d.cause()),
            }
        }
        "ExecutionTimedOut" => {
            let d = e.execution_timed_out_event_details()?;
            EventKind::ExecutionTimedOut {
                error: error_name(d.error()),
                cause: owned(d.cause()),
            }
        }
        "ExecutionRedriven" => EventKind::ExecutionRedriven {
            redrive_count: u64::try_from(e.execution_redriven_event_details()?.redrive_count()?)
                .unwrap_or(0),
        },
        "TaskScheduled" => {
            let d = e.task_scheduled_event_details()?;
            EventKind::TaskScheduled {
                resource_type: d.resource_type().to_owned(),
                resource: d.resource().to_owned(),
                parameters: JsonText::from(d.parameters()),
                region: d.region().to_owned(),
                timeout_seconds: seconds(d.timeout_in_seconds()),
                heartbeat_seconds: seconds(d.heartbeat_in_seconds()),
            }
        }
        "TaskStarted" => {
            let d = e.task_started_event_details()?;
            EventKind::TaskStarted {
                resource_type: d.resource_type().to_owned(),
                resource: d.resource().to_owned(),
            }
        }
        "TaskSubmitted" => {
            let d = e.task_submitted_event_details()?;
            EventKind::TaskSubmitted {
                resource_type: d.resource_type().to_owned(),
                resource: d.resource().to_owned(),
                output: text(d.output()),
            }
        }
        "TaskSucceeded" => {
            let d = e.task_succeeded_event_details()?;
            EventKind::TaskSucceeded {
                resource_type: d.resource_type().to_owned(),
                resource: d.resource().to_owned(),
                output: text(d.output()),
            }
        }
        "TaskFailed" => {
            let d = e.task_failed_event_details()?;
            EventKind::TaskFailed {
                resource_type: d.resource_type().to_owned(),
                resource: d.resource().to_owned(),
                error: d.error().map(ErrorName::from),
                cause: owned(d.cause()),
            }
        }
        "TaskTimedOut" => {
            let d = e.task_timed_out_event_details()?;
            EventKind::TaskTimedOut {
                resource_type: d.resource_type().to_owned(),
                resource: d.resource().to_owned(),
                error: error_name(d.error()),
                cause: owned(d.cause()),
            }
        }
        "ActivityScheduled" => {
            let d = e.activity_scheduled_event_details()?;
            EventKind::ActivityScheduled {
                resource: d.resource().to_owned(),
                input: text(d.input()),
                timeout_seconds: seconds(d.timeout_in_seconds()),
                heartbeat_seconds: seconds(d.heartbeat_in_seconds()),
            }
        }
        "ActivityStarted" => EventKind::ActivityStarted {
            worker_name: e
                .activity_started_event_details()?
                .worker_name()
                .map(str::to_owned),
        },
        "ActivitySucceeded" => EventKind::ActivitySucceeded {
            output: text(e.activity_succeeded_event_details()?.output()),
        },
        "ActivityFailed" => {
            let d = e.activity_failed_event_details()?;
            EventKind::ActivityFailed {
                error: d.error().map(ErrorName::from),
                cause: owned(d.cause()),
            }
        }
        "ActivityTimedOut" => {
            let d = e.activity_timed_out_event_details()?;
            EventKind::ActivityTimedOut {
                error: error_name(d.error()),
                cause: owned(d.cause()),
            }
        }
        "LambdaFunctionScheduled" => {
            let d = e.lambda_function_scheduled_event_details()?;
            EventKind::LambdaFunctionScheduled {
                resource: d.resource().to_owned(),
                input: text(d.input()),
                timeout_seconds: seconds(d.timeout_in_seconds()),
            }
        }
        "LambdaFunctionStarted" => EventKind::LambdaFunctionStarted,
        "LambdaFunctionSucceeded" => EventKind::LambdaFunctionSucceeded {
            output: text(e.lambda_function_succeeded_event_details()?.output()),
        },
        "LambdaFunctionFailed" => {
            let d = e.lambda_function_failed_event_details()?;
            EventKind::LambdaFunctionFailed {
                error: d.error().map(ErrorName::from),
                cause: owned(d.cause()),
            }
        }
        "LambdaFunctionTimedOut" => {
            let d = e.lambda_function_timed_out_event_details()?;
            EventKind::LambdaFunctionTimedOut {
                error: error_name(d.error()),
                cause: owned(d.cause()),
            }
        }
        "ParallelStateStarted" => EventKind::ParallelStateStarted,
        "ParallelStateSucceeded" => EventKind::ParallelStateSucceeded,
        "MapStateStarted" => EventKind::MapStateStarted {
            length: index(e.map_state_started_event_details()?.length()),
        },
        "MapStateSucceeded" => EventKind::MapStateSucceeded,
        "MapRunStarted" => EventKind::MapRunStarted {
            map_run_arn: map_run_arn(e.map_run_started_event_details()?.map_run_arn())?,
        },
        "MapRunRedriven" => {
            let d = e.map_run_redriven_event_details()?;
            EventKind::MapRunRedriven {
                map_run_arn: map_run_arn(d.map_run_arn())?,
                redrive_count: u64::try_from(d.redrive_count()?).unwrap_or(0),
            }
        }
        "MapRunSucceeded" => EventKind::MapRunSucceeded,
        "MapRunAborted" => EventKind::MapRunAborted,
        "MapRunFailed" => {
            let d = e.map_run_failed_event_details()?;
            EventKind::MapRunFailed {
                error: error_name(d.error()),
                cause: owned(d.cause()),
            }
        }
        "MapIterationStarted"
        | "MapIterationSucceeded"
        | "MapIterationFailed"
        | "MapIterationAborted" => {
            let d = e
                .map_iteration_started_event_details()
                .or_else(|| e.map_iteration_succeeded_event_details())
                .or_else(|| e.map_iteration_failed_event_details())
                .or_else(|| e.map_iteration_aborted_event_details())?;
            let name = Arc::from(d.name().unwrap_or_default());
            let index = index(d.index());
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

/// Any other event: its type, and the input, output, error and cause its details hold.
fn other(e: &SdkHistoryEvent) -> EventKind {
    let mut details = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(v) = value {
            details.insert(key.to_owned(), Value::String(v.to_owned()));
        }
    };
    let failure = e
        .execution_aborted_event_details()
        .map(|d| (d.error(), d.cause()))
        .or_else(|| {
            e.evaluation_failed_event_details()
                .map(|d| (d.error(), d.cause()))
        })
        .or_else(|| {
            e.task_submit_failed_event_details()
                .map(|d| (d.error(), d.cause()))
        })
        .or_else(|| {
            e.task_start_failed_event_details()
                .map(|d| (d.error(), d.cause()))
        });
    if let Some((error, cause)) = failure {
        put("error", error);
        put("cause", cause);
    }
    if let Some(d) = e.task_submitted_event_details() {
        put("output", d.output());
    }
    if let Some(d) = e.execution_started_event_details() {
        put("input", d.input());
        put("roleArn", d.role_arn());
    }
    if let Some(d) = e.map_run_started_event_details() {
        put("mapRunArn", d.map_run_arn());
    }
    if let Some(d) = e.map_run_redriven_event_details() {
        put("mapRunArn", d.map_run_arn());
        if let Some(count) = d.redrive_count() {
            details.insert("redriveCount".into(), count.into());
        }
    }
    EventKind::Other {
        event_type: e.r#type().as_str().to_owned(),
        details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_sfn::primitives::DateTime;
    use aws_sdk_sfn::types::{
        ExecutionAbortedEventDetails, HistoryEventType as T, LambdaFunctionFailedEventDetails,
        TaskScheduledEventDetails,
    };
    use serde_json::json;

    fn event(t: T) -> aws_sdk_sfn::types::builders::HistoryEventBuilder {
        SdkHistoryEvent::builder()
            .id(3)
            .previous_event_id(2)
            .timestamp(DateTime::from_millis(1_700_000_000_123))
            .r#type(t)
    }

    #[test]
    fn an_event_the_engine_writes_reads_as_its_typed_kind_and_writes_back_the_same() {
        let scheduled = TaskScheduledEventDetails::builder()
            .resource_type("lambda")
            .resource("invoke")
            .region("us-east-1")
            .parameters(r#"{"FunctionName":"f"}"#)
            .timeout_in_seconds(30)
            .build()
            .expect("details");
        let sdk = event(T::TaskScheduled)
            .task_scheduled_event_details(scheduled)
            .build()
            .expect("an event");
        let e = from_sdk(&sdk);
        assert_eq!((e.id, e.previous_event_id), (3, 2));
        assert_eq!(e.timestamp_millis, 1_700_000_000_123);
        match &e.kind {
            EventKind::TaskScheduled {
                resource_type,
                resource,
                parameters,
                timeout_seconds,
                heartbeat_seconds,
                ..
            } => {
                assert_eq!(
                    (resource_type.as_str(), resource.as_str()),
                    ("lambda", "invoke")
                );
                assert_eq!(parameters.to_value(), json!({"FunctionName": "f"}));
                assert_eq!((*timeout_seconds, *heartbeat_seconds), (Some(30), None));
            }
            other => panic!("{other:?}"),
        }
        let details = &e.to_json()["taskScheduledEventDetails"];
        assert_eq!(details["resourceType"], "lambda");
        assert_eq!(details["resource"], "invoke");
    }

    #[test]
    fn an_event_the_engine_never_writes_keeps_its_type_and_failure() {
        let aborted = ExecutionAbortedEventDetails::builder()
            .error("Stopped")
            .cause("by the test")
            .build();
        let sdk = event(T::ExecutionAborted)
            .execution_aborted_event_details(aborted)
            .build()
            .expect("an event");
        let e = from_sdk(&sdk);
        assert!(matches!(e.kind, EventKind::Other { .. }), "{:?}", e.kind);
        assert_eq!(e.kind.event_type(), "ExecutionAborted");
        assert_eq!(e.kind.error(), Some("Stopped"));
        assert_eq!(e.kind.cause(), Some("by the test"));
        assert_eq!(
            e.to_json()["executionAbortedEventDetails"],
            json!({"error": "Stopped", "cause": "by the test"})
        );
    }

    #[test]
    fn an_arn_that_does_not_parse_leaves_the_event_untyped_with_its_arn_kept() {
        use aws_sdk_sfn::types::{ExecutionStartedEventDetails, MapRunStartedEventDetails};
        let started = |role: &str| {
            event(T::ExecutionStarted)
                .execution_started_event_details(
                    ExecutionStartedEventDetails::builder()
                        .input("{}")
                        .role_arn(role)
                        .build(),
                )
                .build()
                .expect("an event")
        };
        let typed = from_sdk(&started("arn:aws:iam::123456789012:role/R"));
        assert!(
            matches!(&typed.kind, EventKind::ExecutionStarted { role_arn: Some(r), .. } if r.name() == "R"),
            "{:?}",
            typed.kind
        );
        let untyped = from_sdk(&started("arn:aws:iam::123456789012:user/U"));
        assert!(
            matches!(untyped.kind, EventKind::Other { .. }),
            "{:?}",
            untyped.kind
        );
        assert_eq!(
            untyped.to_json()["executionStartedEventDetails"],
            json!({"input": "{}", "roleArn": "arn:aws:iam::123456789012:user/U"})
        );
        let map_run = |arn: &str| {
            event(T::MapRunStarted)
                .map_run_started_event_details(
                    MapRunStartedEventDetails::builder()
                        .map_run_arn(arn)
                        .build(),
                )
                .build()
                .expect("an event")
        };
        let run = "arn:aws:states:us-east-1:123456789012:mapRun:M/Each:7";
        let typed = from_sdk(&map_run(run));
        assert!(
            matches!(&typed.kind, EventKind::MapRunStarted { map_run_arn } if map_run_arn.to_string() == run),
            "{:?}",
            typed.kind
        );
        // A state machine's ARN is a Step Functions ARN, not a Map Run's.
        let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
        let untyped = from_sdk(&map_run(machine));
        assert!(
            matches!(untyped.kind, EventKind::Other { .. }),
            "{:?}",
            untyped.kind
        );
        assert_eq!(
            untyped.to_json()["mapRunStartedEventDetails"]["mapRunArn"],
            machine
        );
    }

    #[test]
    fn a_lambda_functions_events_read_as_their_typed_kinds() {
        let failed = LambdaFunctionFailedEventDetails::builder()
            .error("Lambda.Unknown")
            .cause("boom")
            .build();
        let sdk = event(T::LambdaFunctionFailed)
            .lambda_function_failed_event_details(failed)
            .build()
            .expect("an event");
        let e = from_sdk(&sdk);
        assert!(
            matches!(e.kind, EventKind::LambdaFunctionFailed { .. }),
            "{:?}",
            e.kind
        );
        assert_eq!(
            e.to_json()["lambdaFunctionFailedEventDetails"],
            json!({"error": "Lambda.Unknown", "cause": "boom"})
        );
        let aborted = from_sdk(&event(T::TaskStateAborted).build().expect("an event"));
        assert_eq!(aborted.kind.event_type(), "TaskStateAborted");
    }

    #[test]
    fn a_time_the_service_sends_as_seconds_keeps_its_millisecond() {
        // The SDK reads a time the service sends (`1795778483.015`) as a float, as
        // `DateTime::from_secs_f64` does: for some milliseconds its nanoseconds come out just
        // under them, and `to_millis` gives the millisecond before.
        let mut truncated = 0;
        for ms in 0..1000 {
            let sent = DateTime::from_secs_f64(1_795_778_483.0 + f64::from(ms) / 1000.0);
            let expected = 1_795_778_483_000 + i64::from(ms);
            truncated += usize::from(sent.to_millis().ok() != Some(expected));
            let read = from_sdk(
                &event(T::ExecutionStarted)
                    .timestamp(sent)
                    .build()
                    .expect("an event"),
            );
            assert_eq!(read.timestamp_millis, expected);
        }
        assert!(truncated > 0);
    }
}
