//! Decoding `Retry` and `Catch`.

use super::fields::{Cx, Fields};
use crate::Pointer;
use crate::model::{Catcher, ErrorName, JitterStrategy, Retrier};
use serde_json::Value;

/// Decodes a `Retry` array.
pub(crate) fn retry(cx: &mut Cx, f: &mut Fields<'_>) -> Option<Vec<Retrier>> {
    let (value, pointer) = f.take("Retry")?;
    let items = array(cx, value, &pointer, "Retry", "an array of Retriers")?;
    let retriers: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, v)| retrier(cx, v, pointer.index(i)))
        .collect();
    retriers.into_iter().collect()
}

/// Decodes a `Catch` array.
pub(crate) fn catch(cx: &mut Cx, f: &mut Fields<'_>) -> Option<Vec<Catcher>> {
    let (value, pointer) = f.take("Catch")?;
    let items = array(cx, value, &pointer, "Catch", "an array of Catchers")?;
    let catchers: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(i, v)| catcher(cx, v, pointer.index(i)))
        .collect();
    catchers.into_iter().collect()
}

fn array<'v>(
    cx: &mut Cx,
    value: &'v Value,
    pointer: &Pointer,
    key: &str,
    expected: &str,
) -> Option<&'v Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        other => {
            cx.expected(pointer, key, expected, other);
            None
        }
    }
}

fn retrier(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<Retrier> {
    let mut f = Fields::of(cx, value, pointer, "a Retrier")?;
    let error_equals = error_equals(cx, &mut f);
    let interval_seconds = f.u64(cx, "IntervalSeconds");
    let max_attempts = f.u64(cx, "MaxAttempts");
    let backoff_rate = f.number(cx, "BackoffRate");
    let max_delay_seconds = f.u64(cx, "MaxDelaySeconds");
    let jitter_strategy = f
        .take("JitterStrategy")
        .and_then(|(v, p)| match v.as_str() {
            Some("FULL") => Some(JitterStrategy::Full),
            Some("NONE") => Some(JitterStrategy::None),
            _ => {
                cx.expected(&p, "JitterStrategy", "`\"FULL\"` or `\"NONE\"`", v);
                None
            }
        });
    let comment = f.string(cx, "Comment");
    f.finish_with(cx, |key| {
        (key == "Next" || key == "ResultPath")
            .then(|| format!("`{key}` belongs in a Catcher (`Catch`), not in a Retrier (`Retry`)"))
    });
    Some(Retrier {
        error_equals: error_equals?,
        interval_seconds,
        max_attempts,
        backoff_rate,
        max_delay_seconds,
        jitter_strategy,
        comment,
    })
}

fn catcher(cx: &mut Cx, value: &Value, pointer: Pointer) -> Option<Catcher> {
    let mut f = Fields::of(cx, value, pointer, "a Catcher")?;
    let error_equals = error_equals(cx, &mut f);
    let next = f.required_string(cx, "Next");
    let result_path = f.path_or_null(cx, "ResultPath");
    let output = f.jsonata_value("Output");
    let assign = f.assign(cx);
    let comment = f.string(cx, "Comment");
    f.finish_with(cx, |key| {
        matches!(
            key,
            "IntervalSeconds"
                | "MaxAttempts"
                | "BackoffRate"
                | "MaxDelaySeconds"
                | "JitterStrategy"
        )
        .then(|| format!("`{key}` belongs in a Retrier (`Retry`), not in a Catcher (`Catch`)"))
    });
    Some(Catcher {
        error_equals: error_equals?,
        next: next?,
        result_path,
        output,
        assign,
        comment,
    })
}

fn error_equals(cx: &mut Cx, f: &mut Fields<'_>) -> Option<Vec<ErrorName>> {
    if !f.has("ErrorEquals") {
        cx.error(
            f.pointer(),
            "`ErrorEquals` is required: the error names to match, e.g. `[\"States.ALL\"]`",
        );
        return None;
    }
    f.strings(cx, "ErrorEquals")
        .map(|names| names.iter().map(|n| ErrorName::new(n)).collect())
}
