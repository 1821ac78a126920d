//! Each operation's request and answer, typed: the structures of `generated` (one per input
//! and output shape of Step Functions' API model, and each structure they reach, generated
//! from it by `generate`). A request is decoded with serde from what `constraints` passed; an
//! answer is what its operation's method returns, serialized once by `dispatch` with the
//! model's member names (a member left out when absent, as AWS's JSON protocol does). The check comes first and answers as AWS does (a wrong JSON type is
//! `SerializationException`, a constraint `ValidationException`); what passes it decodes (the
//! tests below show it over every member of the model), so an operation reads its members as
//! types, never from a JSON map.
//!
//! Step Functions' ARN members (`stateMachineArn`, `executionArn`, …) decode to
//! [`ArnMember`]: the typed ARN (`workflow_aws_models::StatesArn`) when the text is one. The
//! model bounds only their length, and AWS answers text that is no ARN of the kind an operation
//! wants with `InvalidArn` when the operation reads it ([`ArnMember::of`]), in the operation's
//! order of checks, so the text is kept for that answer.
//!
//! Integer members decode as AWS's JSON protocol reads them (its deserializer's
//! `TruncatingBigNumber`, named in its `SerializationException`s): a fraction is cut off toward
//! zero, and a value beyond `i64` is the nearest one (the model's ranges then refuse it).

#[cfg(test)]
pub(crate) mod generate;
#[rustfmt::skip]
mod generated;

pub(crate) use generated::*;

use super::protocol::ApiError;
pub(crate) use super::protocol::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use workflow_aws_models::{ResourceType, StatesArn};
use workflow_runtime::execution::HistoryEvent;

/// A member holding a Step Functions ARN: its text, and the typed ARN when the text is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArnMember {
    text: String,
    arn: Option<StatesArn>,
}

impl ArnMember {
    /// The member as it was sent.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// The ARN, when it names a resource of one of `kinds`; else AWS's `InvalidArn`: `Invalid
    /// Arn: 'TEXT'` for text that is no ARN, and for an ARN of another type `Invalid Arn:
    /// 'Resource type not valid in this context: TYPE'` (AWS's answer to `DescribeExecution`
    /// of a state machine's ARN, quoted in cirrus-geo/cirrus-geo issue 316).
    pub(crate) fn of(&self, kinds: &[ResourceType]) -> Result<&StatesArn, ApiError> {
        match &self.arn {
            Some(arn) if kinds.contains(&arn.kind()) => Ok(arn),
            Some(arn) => Err(wrong_type(arn.kind())),
            None => Err(ApiError::invalid_arn(&self.text)),
        }
    }
}

/// AWS's `InvalidArn` for an ARN of a type the operation does not take.
pub(crate) fn wrong_type(kind: ResourceType) -> ApiError {
    ApiError::new(
        "InvalidArn",
        format!("Invalid Arn: 'Resource type not valid in this context: {kind}'"),
    )
}

impl From<&str> for ArnMember {
    fn from(text: &str) -> Self {
        ArnMember {
            text: text.to_owned(),
            arn: StatesArn::parse(text).ok(),
        }
    }
}

/// An ARN an answer writes where the model's structure is a request's too (an alias's
/// `routingConfiguration`): typed already, no text parsed.
impl From<StatesArn> for ArnMember {
    fn from(arn: StatesArn) -> Self {
        ArnMember {
            text: arn.to_string(),
            arn: Some(arn),
        }
    }
}

impl<'de> Deserialize<'de> for ArnMember {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(ArnMember::from(text.as_str()))
    }
}

impl Serialize for ArnMember {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// A history event as an answer holds it: the engine's `HistoryEvent`, written by the one codec
/// of history events (`workflow_runtime::execution::api`, generated from the same model) with
/// the protocol's timestamp (`protocol::event_json`), its inputs, outputs and parameters left out
/// when the request asked for no execution data (`protocol::without_data`). The model's ~60
/// detail shapes are not generated a second time here.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WrittenEvent {
    pub event: HistoryEvent,
    /// Whether its inputs, outputs and parameters are written (`includeExecutionData`).
    pub with_data: bool,
}

impl Serialize for WrittenEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let written = super::protocol::event_json(&self.event);
        if self.with_data {
            written.serialize(serializer)
        } else {
            super::protocol::without_data(written).serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for WrittenEvent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(WrittenEvent {
            event: HistoryEvent::deserialize(deserializer)?,
            with_data: true,
        })
    }
}

/// A JSON number as an integer member reads it (see the module's documentation).
fn truncated(number: &serde_json::Number) -> i64 {
    match (number.as_i64(), number.as_u64()) {
        (Some(n), _) => n,
        (None, Some(_)) => i64::MAX,
        // A float: `as` cuts the fraction off and saturates at i64's bounds (NaN is not JSON).
        _ => number.as_f64().map_or(0, |f| f as i64),
    }
}

/// A required integer member.
pub(crate) fn integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Ok(truncated(&serde_json::Number::deserialize(deserializer)?))
}

/// An optional integer member (`null` is a member left out).
pub(crate) fn optional_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    Ok(Option::<serde_json::Number>::deserialize(deserializer)?
        .as_ref()
        .map(truncated))
}

/// Decodes a request `constraints::check_request` passed into its operation's structure. A
/// failure (which the check leaves none of) is a `SerializationException`.
pub(crate) fn decode<T: DeserializeOwned>(request: &Map<String, Value>) -> Result<T, ApiError> {
    T::deserialize(request).map_err(|e| ApiError::new("SerializationException", e.to_string()))
}

#[cfg(test)]
mod tests;
