//! The server's own operations, beyond Step Functions' API and off its names: the clock's,
//! which the console shows (its time, and a button that advances it to the next timer). They
//! are called as the API is (AWS JSON 1.0, `POST /`), with the target prefix
//! `WorkflowServe.` in place of `AWSStepFunctions.`, so that no operation of AWS's is taken and
//! an SDK never sends one by mistake; the console calls them as it calls the API's reads and
//! actions (`DescribeClock` reads, `AdvanceClock` acts).
//!
//! - `DescribeClock` `{}`: `{"now": SECONDS, "nextTimer": SECONDS, "virtual": BOOL}`, the
//!   server's time (epoch seconds, as the protocol writes dates), its earliest timer (a Wait, a
//!   retry's back-off, a task's deadline; absent when none is set or the clock is the
//!   system's), and whether it is a virtual clock.
//! - `AdvanceClock`: `{"seconds": N}` lets N seconds pass (every timer due meanwhile fires in
//!   time order), `{"until": "NEXT_TIMER"}` moves to the earliest timer, `{"until": "IDLE"}`
//!   fires timers until none is left; each answers once the executions settled, with
//!   `DescribeClock`'s answer. On the system's clock it is a `ValidationException` saying how to
//!   start the server on a virtual one.

use crate::protocol::{ApiError, Timestamp};
use crate::service::Service;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use workflow_runtime::engine::VirtualClock;

/// `DescribeClock`'s request: no member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DescribeClockInput {}

/// `AdvanceClock`'s request: how far to go, one of the two.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct AdvanceClockInput {
    seconds: Option<f64>,
    until: Option<Until>,
}

/// Where `AdvanceClock` goes without a duration.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Until {
    /// The earliest timer.
    NextTimer,
    /// Until no timer is left.
    Idle,
}

/// What both operations answer: the clock.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClockOutput {
    now: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_timer: Option<Timestamp>,
    r#virtual: bool,
}

/// The most `AdvanceClock` moves at once: 100 years (an execution lasts one at most).
const MOST_SECONDS: f64 = 100.0 * 365.0 * 86_400.0;

/// `DescribeClock`.
pub(crate) async fn describe_clock(
    service: Arc<Service>,
    _: DescribeClockInput,
) -> Result<ClockOutput, ApiError> {
    Ok(shown(&service))
}

/// `AdvanceClock`.
pub(crate) async fn advance_clock(
    service: Arc<Service>,
    request: AdvanceClockInput,
) -> Result<ClockOutput, ApiError> {
    let clock = virtual_clock(&service)?;
    match (request.seconds, request.until) {
        (Some(seconds), None) => {
            if !(0.0..=MOST_SECONDS).contains(&seconds) {
                return Err(ApiError::validation(format!(
                    "`seconds` must be a number of seconds from 0 to {MOST_SECONDS} (100 years), not {seconds}"
                )));
            }
            clock.advance(Duration::from_secs_f64(seconds)).await;
        }
        (None, Some(Until::NextTimer)) => {
            clock.advance_to_next_timer().await;
        }
        (None, Some(Until::Idle)) => clock.run_until_idle().await,
        _ => {
            return Err(ApiError::validation(
                "give one of `seconds` (a duration) and `until` (`NEXT_TIMER` or `IDLE`)",
            ));
        }
    }
    Ok(shown(&service))
}

/// The service's virtual clock, or why it has none.
fn virtual_clock(service: &Service) -> Result<VirtualClock, ApiError> {
    service.settings.clock.clone().ok_or_else(|| {
        ApiError::validation(
            "this server runs on the system's clock, which cannot be advanced: start it with `workflow serve --virtual-clock` (ServerBuilder::clock)",
        )
    })
}

/// The clock as both operations answer it.
fn shown(service: &Service) -> ClockOutput {
    let clock = service.settings.clock.as_ref();
    ClockOutput {
        now: Timestamp(service.now_ms()),
        next_timer: clock
            .and_then(VirtualClock::next_timer_millis)
            .map(Timestamp),
        r#virtual: clock.is_some(),
    }
}
