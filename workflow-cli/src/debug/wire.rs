//! The Debug Adapter Protocol's base protocol: each message is a JSON object preceded by a
//! `Content-Length: N` header and a blank line, as the specification's "Base Protocol"
//! section writes it (and as the Language Server Protocol frames its messages). What a
//! client sends is bounded: a header line longer than [`MAX_HEADER_LINE`] bytes, a length
//! over [`MAX_MESSAGE`] bytes or no length at all ends the connection with a clear error (the
//! stream cannot be read on from there); a body that is not JSON is reported and skipped.

use serde_json::Value;
use std::io::{BufRead, Read, Write};
use std::sync::{Arc, Mutex};

/// The longest message a client may send: 16 MiB (a `setVariable` of a large JSON value
/// fits; the service's own payloads are at most 256 KiB).
pub(crate) const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// The longest header line.
pub(crate) const MAX_HEADER_LINE: usize = 1024;

/// What reading the next message gave.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A message.
    Message(Value),
    /// A body that is not a JSON object: why (the stream goes on).
    Malformed(String),
    /// The client closed the stream.
    Closed,
}

/// Why the stream cannot be read on.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Broken(pub String);

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads the next message of `reader`.
pub(crate) fn read_message(reader: &mut impl BufRead) -> Result<Incoming, Broken> {
    let mut length = None;
    let mut started = false;
    loop {
        let mut line = Vec::new();
        let read = reader
            .by_ref()
            .take(MAX_HEADER_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| Broken(format!("cannot read the client's message: {e}")))?;
        if read == 0 {
            return if started {
                Err(Broken("the stream ended inside a message's header".into()))
            } else {
                Ok(Incoming::Closed)
            };
        }
        if line.len() > MAX_HEADER_LINE || !line.ends_with(b"\n") {
            return Err(Broken(format!(
                "a header line of more than {MAX_HEADER_LINE} bytes (the base protocol's headers are `Content-Length: N` lines)"
            )));
        }
        started = true;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(Broken(format!("`{text}` is not a header (`Name: value`)")));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let n: usize = value.trim().parse().map_err(|_| {
                Broken(format!("`Content-Length:{value}` is not a length in bytes"))
            })?;
            if n > MAX_MESSAGE {
                return Err(Broken(format!(
                    "a message of {n} bytes; the adapter takes messages of at most {MAX_MESSAGE} bytes"
                )));
            }
            length = Some(n);
        }
    }
    let Some(length) = length else {
        return Err(Broken("a message without a `Content-Length` header".into()));
    };
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|e| Broken(format!("the stream ended inside a message's body: {e}")))?;
    Ok(
        match workflow_text::json::parse_data(&String::from_utf8_lossy(&body)) {
            Ok(value @ Value::Object(_)) => Incoming::Message(value),
            Ok(_) => Incoming::Malformed("a message that is not a JSON object".into()),
            Err(e) => Incoming::Malformed(format!("a message that is not JSON: {e}")),
        },
    )
}

/// Where messages go: each written whole, numbered (`seq`) in the order written.
#[derive(Clone)]
pub(crate) struct Output {
    inner: Arc<Mutex<(Box<dyn Write + Send>, i64)>>,
}

impl Output {
    /// Messages written to `out`.
    pub(super) fn new(out: Box<dyn Write + Send>) -> Self {
        Output {
            inner: Arc::new(Mutex::new((out, 0))),
        }
    }

    /// Writes `message` (a JSON object) with the next `seq`; false once the stream is gone.
    pub(super) fn send(&self, mut message: Value) -> bool {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (out, seq) = &mut *guard;
        *seq += 1;
        if let Some(object) = message.as_object_mut() {
            object.insert("seq".into(), (*seq).into());
        }
        let body = message.to_string();
        write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| out.flush())
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Vec<Result<Incoming, Broken>> {
        let mut reader = std::io::BufReader::new(bytes);
        let mut out = Vec::new();
        loop {
            let next = read_message(&mut reader);
            let stop = !matches!(next, Ok(Incoming::Message(_)) | Ok(Incoming::Malformed(_)));
            out.push(next);
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn messages_are_read_by_their_length_and_other_headers_are_skipped() {
        let bad = "{\"seq\":1,\"a\":}";
        let text = format!(
            "Content-Length: {}\r\n\r\n{bad}Content-Type: x\r\nContent-Length: 2\r\n\r\n{{}}",
            bad.len()
        );
        let read = read_all(text.as_bytes());
        assert!(matches!(&read[0], Ok(Incoming::Malformed(m)) if m.contains("not JSON")));
        assert!(matches!(&read[1], Ok(Incoming::Message(v)) if v == &serde_json::json!({})));
        assert!(matches!(read[2], Ok(Incoming::Closed)));
    }

    #[test]
    fn a_hostile_header_ends_the_stream_with_a_reason() {
        let huge = format!("Content-Length: {}\r\n\r\n", MAX_MESSAGE + 1);
        let read = read_all(huge.as_bytes());
        assert!(matches!(&read[0], Err(Broken(m)) if m.contains("at most")));
        let long = vec![b'x'; MAX_HEADER_LINE + 10];
        assert!(matches!(&read_all(&long)[0], Err(Broken(m)) if m.contains("header line")));
        let read = read_all(b"\r\n{}");
        assert!(matches!(&read[0], Err(Broken(m)) if m.contains("Content-Length")));
        let read = read_all(b"Content-Length: 10\r\n\r\n{}");
        assert!(matches!(&read[0], Err(Broken(m)) if m.contains("body")));
    }

    #[test]
    fn messages_written_are_numbered_and_framed() {
        #[derive(Clone, Default)]
        struct Shared(Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let shared = Shared::default();
        let out = Output::new(Box::new(shared.clone()));
        assert!(out.send(serde_json::json!({"type": "event"})));
        assert!(out.send(serde_json::json!({"type": "event"})));
        let written = String::from_utf8(shared.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
            .unwrap_or_default();
        let mut reader = std::io::BufReader::new(written.as_bytes());
        for seq in [1, 2] {
            match read_message(&mut reader) {
                Ok(Incoming::Message(v)) => assert_eq!(v["seq"], seq),
                other => panic!("{other:?}"),
            }
        }
    }
}
