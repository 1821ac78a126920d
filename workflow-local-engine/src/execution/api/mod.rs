//! The one codec of history events: Step Functions' `HistoryEvent` and its `*EventDetails`
//! structures as its API model defines them, generated from the model (`generated.rs`, by
//! `generate.rs`, whose test regenerates and compares), with serde. An event's JSON spelling
//! exists here only: [`HistoryEvent`](super::HistoryEvent) is encoded and decoded through these
//! structures (`HistoryEvent::to_api`, `HistoryEvent::from_api`), `workflow serve` answers
//! with them, and the client reads the AWS SDK's types into them (the same generator writes
//! that conversion, `workflow-runtime/src/client/history/generated.rs`).
//!
//! The structures are the model's, faithfully: text is text (an ARN, a JSON input), numbers
//! are `i64`, a date is a [`Timestamp`]. What the engine makes of them (typed ARNs, error
//! names, JSON text) is [`EventKind`](super::EventKind)'s.
//!
//! ```
//! use workflow_runtime::execution::api;
//! let event: api::HistoryEvent = serde_json::from_str(
//!     r#"{"timestamp": 1767225600.5, "type": "PassStateEntered", "id": 2, "previousEventId": 1,
//!         "stateEnteredEventDetails": {"name": "Start", "input": "{}"}}"#,
//! )?;
//! assert_eq!(event.state_entered_event_details.unwrap().name, "Start");
//! assert_eq!(event.timestamp, api::Timestamp(1_767_225_600_500));
//! # Ok::<(), serde_json::Error>(())
//! ```

#[cfg(test)]
mod generate;
#[rustfmt::skip]
mod generated;

pub use generated::*;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};

/// A history event's date, in milliseconds since the Unix epoch: written as RFC 3339 text to
/// the millisecond (`2026-01-01T00:00:00.123Z`), read from that text or from seconds since the
/// epoch, as Step Functions' JSON protocol sends it (`1767225600.123`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_rfc3339_millis(self.0))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RFC 3339 text or seconds since the Unix epoch")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        parse_rfc3339(text)
            .and_then(|t| i64::try_from(t.unix_nanos / 1_000_000).ok())
            .map(Timestamp)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }

    fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Timestamp, E> {
        let millis = (seconds * 1000.0).round();
        // Beyond ±2^53 ms the float holds no whole millisecond; far past any real date.
        if millis.is_finite() && millis.abs() < 9.0e15 {
            Ok(Timestamp(millis as i64))
        } else {
            Err(E::invalid_value(de::Unexpected::Float(seconds), &self))
        }
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
        seconds
            .checked_mul(1000)
            .map(Timestamp)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(seconds), &self))
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
        i64::try_from(seconds)
            .ok()
            .and_then(|s| s.checked_mul(1000))
            .map(Timestamp)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(seconds), &self))
    }
}
