//! Wait states: how long they wait (seconds or a timestamp, literal, path or JSONata).

use crate::core::clock::Clock;
use crate::core::dynamic::{
    IntField, Source, invalid_timestamp, invalid_timestamp_path, jsonata_in_jsonpath, read_int,
};
use crate::core::error::Failure;
use crate::core::jsonata_values;
use crate::core::program::{Dynamic, TextOrExpr, WaitOp};
use serde_json::Value;
use std::time::Duration;
use workflow_asl::eval::select;
use workflow_asl::timestamp::parse_rfc3339;

/// How long a Wait state waits.
pub(super) fn wait_duration(
    wait: &WaitOp,
    source: &Source<'_>,
    clock: &Clock,
) -> Result<Duration, Failure> {
    match (wait, source) {
        (WaitOp::Seconds(d), _) => Ok(Duration::from_secs(read_int(
            IntField::WaitSeconds,
            d,
            source,
        )?)),
        (WaitOp::SecondsPath(p), _) => Ok(Duration::from_secs(read_int(
            IntField::WaitSeconds,
            &Dynamic::Path(p.clone()),
            source,
        )?)),
        (WaitOp::Timestamp(TextOrExpr::Literal(t)), _) => {
            until(t, clock).ok_or_else(|| invalid_timestamp(&Value::String(t.clone())))
        }
        (WaitOp::TimestampPath(p), Source::JsonPath(env)) => {
            let value = select(p, env)?.into_value();
            match &value {
                Value::String(t) => until(t, clock),
                _ => None,
            }
            .ok_or_else(|| invalid_timestamp_path(p.source(), &value))
        }
        (WaitOp::Timestamp(TextOrExpr::Jsonata(e)), Source::Jsonata(scope)) => {
            let value = jsonata_values::evaluate_str(e, scope, "Timestamp")?;
            match &value {
                Value::String(t) => until(t, clock),
                _ => None,
            }
            .ok_or_else(|| invalid_timestamp(&value))
        }
        (WaitOp::Timestamp(TextOrExpr::Jsonata(_)), Source::JsonPath(_)) => {
            Err(jsonata_in_jsonpath())
        }
        (WaitOp::TimestampPath(_), Source::Jsonata(_)) => Err(Failure::runtime(
            "`TimestampPath` is a JSONPath field, but the state's query language is JSONata",
        )),
    }
}

/// The time from the clock's now to `timestamp`; `None` when it is not an RFC 3339
/// timestamp with an offset.
fn until(timestamp: &str, clock: &Clock) -> Option<Duration> {
    let t = parse_rfc3339(timestamp)?;
    let target_millis = (t.unix_nanos / 1_000_000) as i64;
    Some(Duration::from_millis(
        u64::try_from(target_millis - clock.now()).unwrap_or(0),
    ))
}
