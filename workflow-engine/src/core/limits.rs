//! The service's payload limit: 256 KiB of JSON (UTF-8 bytes) for an execution's input, a
//! state's input and output, a task's result and a variable. Going past it fails with
//! `States.DataLimitExceeded`, so a payload that doubles on each iteration of a loop stops at
//! the limit instead of exhausting memory.

use crate::execution::MAX_PAYLOAD_BYTES;
use serde_json::Value;

/// How deep the engine lets data nest: the JSON nesting limit,
/// [`MAX_DEPTH`](workflow_asl::json::MAX_DEPTH) (1000 levels; see there for its source), so
/// that whatever a definition or an execution input may hold runs, and every recursive JSON
/// routine (printing, cloning, dropping) stays within the stack of the engine's threads. An
/// execution input nested deeper is refused ([`EngineError::InputTooDeep`](crate::EngineError::InputTooDeep));
/// a state whose data nests deeper fails like one whose data is too large
/// (`States.DataLimitExceeded`).
pub const MAX_NESTING: usize = workflow_asl::json::MAX_DEPTH;

/// The longest an EXPRESS execution runs: five minutes (an EXPRESS run, and an EXPRESS child
/// of a Distributed Map).
pub(crate) const EXPRESS_MAX_SECONDS: u64 = 300;

/// The service's limit on the size of all variables an execution holds: 10 MiB.
pub(crate) const MAX_VARIABLES_BYTES: usize = 10 * 1024 * 1024;

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
