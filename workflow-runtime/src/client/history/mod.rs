//! An execution's history read from Step Functions (`GetExecutionHistory`) as the same
//! [`HistoryEvent`] the local engine writes, through the engine's one codec of history events
//! ([`api`](crate::execution::api)): each event of the AWS SDK's types becomes the API model's
//! structure member by member (`generated.rs`, written by the engine's generator from the same
//! model), which [`HistoryEvent::from_api`] reads as it reads JSON. The events the engine
//! writes become their typed [`EventKind`]; the others (`TaskStartFailed`, …) are
//! [`EventKind::Other`] with their type and details, a type the SDK or the model does not know
//! kept as the service sent it (`api::HistoryEventType::Unknown`).
//!
//! An event the engine writes whose ARN does not parse (an `ExecutionStarted`'s `roleArn` that
//! is not an IAM role's, a `MapRunStarted`'s or `MapRunRedriven`'s `mapRunArn` that is not a
//! Map Run's) is not typed either, as `HistoryEvent::from_json` reads it: it is
//! [`EventKind::Other`], its ARN kept among its details.

#[rustfmt::skip]
mod generated;

use super::Error;
use crate::execution::HistoryEvent;
use crate::execution::api::{self, Timestamp};
use aws_sdk_sfn::primitives::DateTime;
use aws_sdk_sfn::types::{HistoryEvent as SdkHistoryEvent, HistoryEventType};
use std::collections::HashMap;

/// The engine's event for one event of the service's history.
pub(super) fn from_sdk(e: &SdkHistoryEvent) -> Result<HistoryEvent, Error> {
    HistoryEvent::from_api(api::HistoryEvent::from_sdk(e)).map_err(|source| {
        Error::UnreadableEvent {
            operation: "GetExecutionHistory",
            source,
        }
    })
}

/// A value of the AWS SDK's types as the API model's structure holds it. The SDK's getter of a
/// member returns it by reference, optional or not as the SDK decided (a required text member is
/// `&str`, an optional one `Option<&str>`, an integer `i32` or `i64`): each impl below fits one
/// getter's type to the member's, so the generated code is the same for every member.
pub(crate) trait FromSdk<S> {
    /// The value `sdk` holds.
    fn from_sdk(sdk: S) -> Self;
}

impl FromSdk<&str> for String {
    fn from_sdk(sdk: &str) -> Self {
        sdk.to_owned()
    }
}

impl FromSdk<Option<&str>> for Option<String> {
    fn from_sdk(sdk: Option<&str>) -> Self {
        sdk.map(str::to_owned)
    }
}

impl FromSdk<&str> for Option<String> {
    fn from_sdk(sdk: &str) -> Self {
        Some(sdk.to_owned())
    }
}

impl FromSdk<i32> for Option<i64> {
    fn from_sdk(sdk: i32) -> Self {
        Some(i64::from(sdk))
    }
}

impl FromSdk<Option<i32>> for Option<i64> {
    fn from_sdk(sdk: Option<i32>) -> Self {
        sdk.map(i64::from)
    }
}

impl FromSdk<i64> for i64 {
    fn from_sdk(sdk: i64) -> Self {
        sdk
    }
}

impl FromSdk<i64> for Option<i64> {
    fn from_sdk(sdk: i64) -> Self {
        Some(sdk)
    }
}

impl FromSdk<Option<i64>> for Option<i64> {
    fn from_sdk(sdk: Option<i64>) -> Self {
        sdk
    }
}

impl FromSdk<bool> for Option<bool> {
    fn from_sdk(sdk: bool) -> Self {
        Some(sdk)
    }
}

impl FromSdk<Option<bool>> for Option<bool> {
    fn from_sdk(sdk: Option<bool>) -> Self {
        sdk
    }
}

/// A time to its millisecond (see `execution::millis`).
impl FromSdk<&DateTime> for Timestamp {
    fn from_sdk(sdk: &DateTime) -> Self {
        Timestamp(super::execution::millis(sdk))
    }
}

/// The event's type, by the text the service sent (one the SDK or the model does not know is
/// kept as sent, `api::HistoryEventType::Unknown`).
impl FromSdk<&HistoryEventType> for api::HistoryEventType {
    fn from_sdk(sdk: &HistoryEventType) -> Self {
        api::HistoryEventType::from(sdk.as_str())
    }
}

/// A map of text (`assignedVariables`), in the order of its keys: the SDK's map has none.
impl FromSdk<Option<&HashMap<String, String>>> for Option<indexmap::IndexMap<String, String>> {
    fn from_sdk(sdk: Option<&HashMap<String, String>>) -> Self {
        sdk.map(|map| {
            let mut entries: Vec<(String, String)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            entries.sort_unstable();
            entries.into_iter().collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::EventKind;
    use aws_sdk_sfn::primitives::DateTime;
    use aws_sdk_sfn::types::{
        ExecutionAbortedEventDetails, HistoryEventType as T, LambdaFunctionFailedEventDetails,
        TaskScheduledEventDetails, TaskStartFailedEventDetails,
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
        let e = from_sdk(&sdk).expect("an event");
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
    fn an_execution_aborted_reads_as_its_typed_kind() {
        let aborted = ExecutionAbortedEventDetails::builder()
            .error("Stopped")
            .cause("by the test")
            .build();
        let sdk = event(T::ExecutionAborted)
            .execution_aborted_event_details(aborted)
            .build()
            .expect("an event");
        let e = from_sdk(&sdk).expect("an event");
        assert_eq!(
            e.kind,
            EventKind::ExecutionAborted {
                error: Some("Stopped".into()),
                cause: Some("by the test".into()),
            }
        );
        assert_eq!(e.kind.event_type(), api::HistoryEventType::ExecutionAborted);
        assert_eq!(
            e.to_json()["executionAbortedEventDetails"],
            json!({"error": "Stopped", "cause": "by the test"})
        );
    }

    #[test]
    fn an_event_the_engine_never_writes_keeps_its_type_and_failure() {
        let failed = TaskStartFailedEventDetails::builder()
            .resource_type("lambda")
            .resource("invoke")
            .error("States.Runtime")
            .cause("could not start")
            .build()
            .expect("details");
        let sdk = event(T::TaskStartFailed)
            .task_start_failed_event_details(failed)
            .build()
            .expect("an event");
        let e = from_sdk(&sdk).expect("an event");
        assert!(
            matches!(
                &e.kind,
                EventKind::Other {
                    event_type: api::HistoryEventType::TaskStartFailed,
                    ..
                }
            ),
            "{:?}",
            e.kind
        );
        assert_eq!(e.kind.error(), Some("States.Runtime"));
        assert_eq!(e.kind.cause(), Some("could not start"));
        // A type neither the SDK nor the model knows is kept as the service sent it.
        let newer = from_sdk(&event(T::from("ExecutionPaused")).build().expect("an event"))
            .expect("an event");
        assert!(
            matches!(
                &newer.kind,
                EventKind::Other { event_type: api::HistoryEventType::Unknown(t), .. }
                    if t.as_str() == "ExecutionPaused"
            ),
            "{:?}",
            newer.kind
        );
        assert_eq!(newer.to_json()["type"], "ExecutionPaused");
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
        let typed = from_sdk(&started("arn:aws:iam::123456789012:role/R")).expect("an event");
        assert!(
            matches!(&typed.kind, EventKind::ExecutionStarted { role_arn: Some(r), .. } if r.name() == "R"),
            "{:?}",
            typed.kind
        );
        let untyped = from_sdk(&started("arn:aws:iam::123456789012:user/U")).expect("an event");
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
        let typed = from_sdk(&map_run(run)).expect("an event");
        assert!(
            matches!(&typed.kind, EventKind::MapRunStarted { map_run_arn } if map_run_arn.to_string() == run),
            "{:?}",
            typed.kind
        );
        // A state machine's ARN is a Step Functions ARN, not a Map Run's.
        let machine = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
        let untyped = from_sdk(&map_run(machine)).expect("an event");
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
        let e = from_sdk(&sdk).expect("an event");
        assert!(
            matches!(e.kind, EventKind::LambdaFunctionFailed { .. }),
            "{:?}",
            e.kind
        );
        assert_eq!(
            e.to_json()["lambdaFunctionFailedEventDetails"],
            json!({"error": "Lambda.Unknown", "cause": "boom"})
        );
        let aborted =
            from_sdk(&event(T::TaskStateAborted).build().expect("an event")).expect("an event");
        assert_eq!(
            aborted.kind.event_type(),
            api::HistoryEventType::TaskStateAborted
        );
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
            )
            .expect("an event");
            assert_eq!(read.timestamp_millis, expected);
        }
        assert!(truncated > 0);
    }
}
