//! The messages of the stdio transport, a JSON-RPC message a line, read in front of rmcp by a
//! task of their own: a line over the limit is dropped as it arrives (never held whole), the
//! lines after it are read on, and rmcp reads only whole lines within the limit. (rmcp bounds
//! its lines too, but its reader is cancelled and resumed as its loop serves other work, and a
//! message it dropped after a failed `initialize` left the server waiting: this reader is
//! never cancelled.)

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

/// Copies the lines of `from` to `to`, dropping each longer than `limit` bytes; ends at the
/// end of `from` (closing `to`, so the server sees the client's end) or when `to` is closed.
pub(super) async fn pump(
    from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    limit: usize,
) {
    let mut from = BufReader::new(from);
    let mut line: Vec<u8> = Vec::new();
    let mut dropping = false;
    loop {
        let chunk = match from.fill_buf().await {
            Ok([]) => break,
            Ok(chunk) => chunk,
            Err(_) => break,
        };
        let (part, ends) = match chunk.iter().position(|b| *b == b'\n') {
            Some(at) => (&chunk[..=at], true),
            None => (chunk, false),
        };
        let taken = part.len();
        if !dropping {
            if line.len() + taken > limit + 1 {
                dropping = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(part);
            }
        }
        from.consume(taken);
        if ends {
            if !dropping && (to.write_all(&line).await.is_err() || to.flush().await.is_err()) {
                return;
            }
            line.clear();
            dropping = false;
        }
    }
    let _ = to.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::pump;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn a_line_over_the_limit_is_dropped_and_the_next_ones_pass() {
        let input = format!(
            "{{\"a\":1}}\n{}\n{{\"b\":2}}\nno newline at the end",
            "x".repeat(100)
        );
        let (to, mut out) = tokio::io::duplex(1024);
        pump(input.as_bytes(), to, 16).await;
        let mut passed = String::new();
        out.read_to_string(&mut passed).await.expect("read");
        assert_eq!(passed, "{\"a\":1}\n{\"b\":2}\n");
    }
}
