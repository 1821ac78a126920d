//! The service's quotas on a running execution, and the one place the failures it writes when
//! one is reached are worded: in AWS's own words, each with where they were recorded.
//!
//! | quota | AWS's failure | source |
//! |---|---|---|
//! | 25,000 history events ([`MAX_HISTORY_EVENTS`]) | `States.Runtime`, `The execution reached the maximum number of history events (25000).`, written as the 25,000th event itself | AWS's history of a Choice looping on itself, `get-execution-history --reverse-order` (floci-io/floci issue #2734, recorded on AWS in August 2026): event 25,000 is `ExecutionFailed`, its previous event 24,999 the last state's; the error and cause alike in loads/ardere issue #86 (2017) |
//! | 256 KiB of a state's input or output, or a task's result ([`MAX_PAYLOAD_BYTES`]) | `States.DataLimitExceeded`, `The state/task '<name>' returned a result with a size exceeding the maximum number of bytes service limit.` | LocalStack's `test_task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response` and its service-task twin, recorded on AWS (`../shared/aws-recorded`) |
//! | 256 KiB of one variable | `States.DataLimitExceeded`, `The variable '<name>' assigned by the state '<state>' is larger than the maximum of 262144 bytes.` | the quota is the developer guide's ("Passing data between states with variables"); AWS's sentence is not recorded anywhere we found, so this one is ours, in the payload failure's form |
//! | 10 MiB of all the variables a JSONPath `Assign` template builds ([`MAX_VARIABLES_BYTES`]) | as a payload's | the same page |
//! | five minutes of an EXPRESS execution ([`EXPRESS_MAX_SECONDS`]) | `TIMED_OUT` with `States.Timeout` | the developer guide's "Standard and Express workflow types" |
//!
//! The quotas a request is held to before a run starts (an execution's name, its input) are the
//! start's (`EngineError`); a Map's concurrency has no failure (the service runs at most
//! `MaxConcurrency` iterations at once, which the engine does), and a child execution's
//! history is its own, with its own 25,000 events.
//!
//! Going past the payload quota fails with `States.DataLimitExceeded`, so a payload that doubles
//! on each iteration of a loop stops at the limit instead of exhausting memory.

use crate::core::error::Failure;
use crate::execution::{MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES};
use serde_json::Value;
use workflow_asl::ErrorName;

/// How deep the engine lets data nest: the JSON nesting limit,
/// [`MAX_DEPTH`](workflow_asl::json::MAX_DEPTH) (1000 levels; see there for its source), so
/// that whatever a definition or an execution input may hold runs, and every recursive JSON
/// routine (printing, cloning, dropping) stays within the stack of the engine's threads. An
/// execution input nested deeper is refused ([`EngineError::InputTooDeep`](crate::EngineError::InputTooDeep));
/// a state whose data nests deeper fails like one whose data is too large
/// (`States.DataLimitExceeded`).
pub(crate) const MAX_NESTING: usize = workflow_asl::json::MAX_DEPTH;

/// The longest an EXPRESS execution runs: five minutes (an EXPRESS run, and an EXPRESS child
/// of a Distributed Map).
pub(crate) const EXPRESS_MAX_SECONDS: u64 = 300;

/// The service's limit on the size of all variables an execution holds: 10 MiB.
pub(crate) const MAX_VARIABLES_BYTES: usize = 10 * 1024 * 1024;

/// The failure of an execution whose history is full: `limit` events (the service's is
/// [`MAX_HISTORY_EVENTS`]), the failure's own `ExecutionFailed` the last of them. Reported as
/// it is (no state is named), and never retried or caught.
pub(crate) fn history_full(limit: usize) -> Failure {
    debug_assert!(limit > 0 && MAX_HISTORY_EVENTS > 0);
    Failure::reported(
        ErrorName::Runtime,
        format!("The execution reached the maximum number of history events ({limit})."),
    )
}

/// AWS's cause for a state's input or output, or a task's result, over the payload quota;
/// `subject` is the state's name (or the task's resource).
pub(crate) fn data_limit_cause(subject: &str) -> String {
    format!(
        "The state/task '{subject}' returned a result with a size exceeding the maximum number of bytes service limit."
    )
}

/// The failure of an assignment whose variable `name` (assigned by `state`) is over the
/// payload quota: nothing is assigned, and nothing retries or catches it.
pub(crate) fn variable_too_large(name: &str, state: &str) -> Failure {
    Failure {
        catchable: false,
        ..Failure::reported(
            ErrorName::DataLimitExceeded,
            format!(
                "The variable '{name}' assigned by the state '{state}' is larger than the maximum of {MAX_PAYLOAD_BYTES} bytes."
            ),
        )
    }
}

/// Whether `value`'s compact JSON text is longer than the service's 256 KiB or nests deeper
/// than [`MAX_NESTING`], measured iteratively without building the text (and without going
/// further than the limit).
pub(crate) fn too_large(value: &Value) -> bool {
    measure(value).is_none_or(|bytes| bytes > MAX_PAYLOAD_BYTES)
}

/// The length of `value`'s compact JSON text, counted up to just past the limit; `None` when
/// the value nests deeper than [`MAX_NESTING`].
pub(crate) fn measure(value: &Value) -> Option<usize> {
    workflow_asl::eval::compact_len(value, MAX_PAYLOAD_BYTES, MAX_NESTING)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_failures_are_worded_as_aws_words_them() {
        let full = history_full(MAX_HISTORY_EVENTS);
        assert_eq!(full.error, ErrorName::Runtime);
        assert_eq!(
            full.cause,
            "The execution reached the maximum number of history events (25000)."
        );
        assert!(full.located && !full.catchable);
        let var = variable_too_large("big", "Assign it");
        assert_eq!(var.error, ErrorName::DataLimitExceeded);
        assert_eq!(
            var.cause,
            "The variable 'big' assigned by the state 'Assign it' is larger than the maximum of 262144 bytes."
        );
        assert!(var.located && !var.catchable);
    }

    #[test]
    fn measures_compact_utf8_json() {
        assert!(!too_large(&json!({"a": 1})));
        // `"` + n bytes + `"`: the quotes count too.
        let fits = "x".repeat(MAX_PAYLOAD_BYTES - 2);
        assert!(!too_large(&json!(fits)));
        let over = "x".repeat(MAX_PAYLOAD_BYTES - 1);
        assert!(too_large(&json!(over)));
        // Multi-byte characters count as their UTF-8 bytes.
        let wide = "é".repeat(MAX_PAYLOAD_BYTES / 2);
        assert!(too_large(&json!(wide)));
    }

    #[test]
    fn the_measure_is_serde_jsons_length() {
        for v in [
            json!(null),
            json!([true, false, 1, -2.5, "a\"b\\c\n\u{1}é"]),
            json!({"k": {"n": [1, {"x": null}], "": ""}, "e\t": 1e300}),
            json!([]),
            json!({}),
        ] {
            let mut bytes = 0usize;
            let mut stack = vec![&v];
            // The measure says "too large" exactly when the text is longer than the limit:
            // check it on a value padded to just under and just over.
            let text = serde_json::to_string(&v).unwrap_or_default();
            let pad = MAX_PAYLOAD_BYTES - text.len() - 2 - 7; // ["pad",v] → 2 + quotes + comma
            let under = json!(["x".repeat(pad), v.clone()]);
            assert_eq!(
                serde_json::to_string(&under).unwrap_or_default().len(),
                MAX_PAYLOAD_BYTES - 4
            );
            assert!(!too_large(&under));
            let over = json!(["x".repeat(pad + 5), v.clone()]);
            assert!(too_large(&over));
            while let Some(x) = stack.pop() {
                bytes += 1;
                if let Some(items) = x.as_array() {
                    stack.extend(items);
                }
            }
            assert!(bytes > 0);
        }
    }

    #[test]
    fn data_nested_past_the_bound_is_refused_without_recursion() {
        let mut deep = json!(1);
        for _ in 0..MAX_NESTING {
            deep = Value::Array(vec![deep]);
        }
        assert!(!too_large(&deep));
        let deeper = Value::Array(vec![deep]);
        assert!(too_large(&deeper));
        // Dismantle without a recursive drop.
        let mut v = deeper;
        while let Value::Array(mut items) = v {
            v = items.pop().unwrap_or(Value::Null);
        }
    }
}
