//! The service's payload limit: 256 KiB of JSON (UTF-8 bytes) for an execution's input, a
//! state's input and output, a task's result and a variable. Going past it fails with
//! `States.DataLimitExceeded`, so a payload that doubles on each iteration of a loop stops at
//! the limit instead of exhausting memory.

use super::MAX_PAYLOAD_BYTES;
use serde_json::Value;
use std::io;

/// Counts the bytes written to it, and stops the serialisation once past the limit.
struct Counter {
    bytes: usize,
}

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        if self.bytes > MAX_PAYLOAD_BYTES {
            // Stop early: the exact size past the limit does not matter.
            return Err(io::Error::other("over the payload limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether `value`'s compact JSON text is longer than the service's 256 KiB, measured
/// without building the text (and without going further than the limit).
pub(crate) fn too_large(value: &Value) -> bool {
    let mut counter = Counter { bytes: 0 };
    serde_json::to_writer(&mut counter, value).is_err()
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
}
