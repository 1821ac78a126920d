//! The one codec of history events: Step Functions' `HistoryEvent` and its `*EventDetails`
//! structures as its API model defines them, generated from the model (`generated.rs`, by
//! `generate.rs`, whose test regenerates and compares), with serde. An event's JSON spelling
//! exists here only: [`HistoryEvent`](super::HistoryEvent) is encoded and decoded through these
//! structures (`HistoryEvent::to_api`, `HistoryEvent::from_api`), `workflow serve` answers
//! with them, and the client reads the AWS SDK's types into them (the same generator writes
//! that conversion, `workflow-runtime/src/client/history/generated.rs`).
//!
//! The structures are the model's, faithfully: text is text (an ARN, a JSON input), numbers
//! are `i64`, a date is a [`Timestamp`], an event's `type` is a [`HistoryEventType`] (every
//! type the model lists, and [`HistoryEventType::Unknown`] for a type a newer API sends, kept
//! as sent). What the engine makes of them (typed ARNs, error names, JSON text) is
//! [`EventKind`](super::EventKind)'s.
//!
//! ```
//! use workflow_runtime::execution::api;
//! let event: api::HistoryEvent = serde_json::from_str(
//!     r#"{"timestamp": 1767225600.5, "type": "PassStateEntered", "id": 2, "previousEventId": 1,
//!         "stateEnteredEventDetails": {"name": "Start", "input": "{}"}}"#,
//! )?;
//! assert_eq!(event.r#type, api::HistoryEventType::PassStateEntered);
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
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;
use workflow_asl::timestamp::{format_rfc3339_millis, parse_rfc3339};

/// The text of an event type the API model does not list
/// ([`HistoryEventType::Unknown`]): made only by reading one, so that a type the model lists
/// is always its own variant.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownEventType(Box<str>);

impl UnknownEventType {
    /// The type as it was sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for HistoryEventType {
    type Err = Infallible;

    /// The type spelled `text` (never an error: a type the model does not list is
    /// [`HistoryEventType::Unknown`]).
    fn from_str(text: &str) -> Result<Self, Infallible> {
        Ok(HistoryEventType::from(text))
    }
}

impl AsRef<str> for HistoryEventType {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for HistoryEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HistoryEventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for HistoryEventType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(EventTypeVisitor)
    }
}

struct EventTypeVisitor;

impl Visitor<'_> for EventTypeVisitor {
    type Value = HistoryEventType;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event's type")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<HistoryEventType, E> {
        Ok(HistoryEventType::from(text))
    }
}

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

#[cfg(test)]
mod tests {
    use super::HistoryEventType;

    /// Each type the model lists is its own variant, spelled as the model does both ways, in
    /// serde, `as_str`, `FromStr` and `Display`.
    #[test]
    fn every_type_the_model_lists_is_a_variant_spelled_as_the_model_does() {
        let values = HistoryEventType::values();
        let mut seen = std::collections::HashSet::new();
        for &text in values {
            let t: HistoryEventType = text.parse().expect("infallible");
            assert!(!matches!(t, HistoryEventType::Unknown(_)), "{text}");
            assert!(seen.insert(t.clone()), "{text} twice");
            assert_eq!(t.as_str(), text);
            assert_eq!(t.to_string(), text);
            let json = serde_json::to_string(&t).expect("written");
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(
                serde_json::from_str::<HistoryEventType>(&json).expect("read"),
                t
            );
        }
        assert_eq!(seen.len(), values.len());
    }

    /// A type the model does not list is kept as sent; a value that is not text is refused.
    #[test]
    fn a_type_the_model_does_not_list_is_kept_as_sent() {
        for text in ["ExecutionPaused", "taskFailed", "", "Täsk"] {
            let t = HistoryEventType::from(text);
            assert!(matches!(&t, HistoryEventType::Unknown(u) if u.as_str() == text));
            assert_eq!(t.as_str(), text);
            let json = serde_json::to_value(&t).expect("written");
            assert_eq!(json, text);
            assert_eq!(
                serde_json::from_value::<HistoryEventType>(json).expect("read"),
                t
            );
        }
        for value in [
            serde_json::json!(7),
            serde_json::json!(null),
            serde_json::json!({}),
        ] {
            let refused = serde_json::from_value::<HistoryEventType>(value).unwrap_err();
            assert!(refused.to_string().contains("an event's type"), "{refused}");
        }
    }
}
