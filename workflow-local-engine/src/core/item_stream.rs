//! The items of one object, read as a stream: a Distributed Map's `ItemReader` hands its
//! child executions items as it reads them, so that what it holds is a piece of the object
//! and the items in flight, not the object nor all of its items.
//!
//! JSON Lines are read a line at a time, CSV a record at a time (RFC 4180: a quoted field may
//! span lines), and a JSON array an element at a time, by serde_json's own reader on a thread
//! of its own that hands the elements over a bounded channel (its errors, and its nesting
//! limit, are those of a whole document's). A failure ends the stream: it is its last item.

use super::error::Failure;
use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};
use serde_json::Value;
use std::io::{BufRead, Read};
use workflow_asl::ErrorName;

/// One item read, or why reading stopped.
pub(crate) type ItemResult = Result<Value, Failure>;

/// Items as they are read.
pub(crate) type Items = Box<dyn Iterator<Item = ItemResult> + Send>;

/// A failure to read: `States.ItemReaderFailed`, its cause written as it is (see
/// `item_reader`).
pub(crate) fn failed(cause: impl Into<String>) -> Failure {
    Failure::reported(ErrorName::ItemReaderFailed, cause)
}

/// Why a reader under an item stream failed, as the Map Run reports it: a decompressor's
/// cause, carried through `std::io::Error` (see `item_reader::Decoded`).
#[derive(Debug)]
pub(crate) struct ReadFailure(pub String);

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadFailure {}

/// The failure `error` is when reading the object `key`.
pub(crate) fn read_failed(error: &std::io::Error, key: &str) -> Failure {
    match error
        .get_ref()
        .and_then(|e| e.downcast_ref::<ReadFailure>())
    {
        Some(ReadFailure(cause)) => failed(cause.clone()),
        None if error.kind() == std::io::ErrorKind::InvalidData => {
            failed(format!("the object {key} is not UTF-8 text"))
        }
        None => failed(format!("cannot read the object {key}: {error}")),
    }
}

/// Reads the next line of `reader` into `line` (without its `\n`), or `None` at the end; a
/// line that is no UTF-8 fails.
fn next_line<'l>(
    reader: &mut impl BufRead,
    line: &'l mut Vec<u8>,
    key: &str,
) -> Option<Result<&'l str, Failure>> {
    line.clear();
    match reader.read_until(b'\n', line) {
        Ok(0) => None,
        Ok(_) => {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            Some(
                std::str::from_utf8(line)
                    .map_err(|_| failed(format!("the object {key} is not UTF-8 text"))),
            )
        }
        Err(e) => Some(Err(read_failed(&e, key))),
    }
}

/// JSON Lines: one value a line; blank lines hold none.
pub(crate) struct JsonLines<R> {
    reader: R,
    key: String,
    line: Vec<u8>,
    ended: bool,
}

impl<R: BufRead> JsonLines<R> {
    /// The values of the JSON Lines object `key`, read from `reader`.
    pub(crate) fn new(reader: R, key: &str) -> Self {
        JsonLines {
            reader,
            key: key.to_owned(),
            line: Vec::new(),
            ended: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = ItemResult;

    fn next(&mut self) -> Option<ItemResult> {
        while !self.ended {
            let item = match next_line(&mut self.reader, &mut self.line, &self.key)? {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => workflow_text::json::parse_data(text)
                    .map_err(|e| failed(format!("the object {} is not JSON Lines: {e}", self.key))),
                Err(f) => Err(f),
            };
            self.ended = item.is_err();
            return Some(item);
        }
        None
    }
}

/// RFC 4180 records: quoted fields (with `""` for a quote) may hold delimiters and newlines;
/// `\r\n` or `\n` ends a record; empty lines are skipped.
pub(crate) struct CsvRecords<R> {
    reader: R,
    key: String,
    delimiter: char,
    line: Vec<u8>,
    row: Vec<String>,
    field: String,
    quoted: bool,
    ended: bool,
}

impl<R: BufRead> CsvRecords<R> {
    /// The records of the CSV object `key`, read from `reader`.
    pub(crate) fn new(reader: R, key: &str, delimiter: char) -> Self {
        CsvRecords {
            reader,
            key: key.to_owned(),
            delimiter,
            line: Vec::new(),
            row: Vec::new(),
            field: String::new(),
            quoted: false,
            ended: false,
        }
    }

    /// Reads `text` (a line with its `\n`, or the last one without) on; the record it ends,
    /// if it ends one.
    fn read(&mut self, text: &str) -> Option<Vec<String>> {
        let (row, field) = (&mut self.row, &mut self.field);
        let mut ended = None;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if self.quoted => {
                    if chars.peek() == Some(&'"') {
                        field.push('"');
                        chars.next();
                    } else {
                        self.quoted = false;
                    }
                }
                '"' if field.is_empty() => self.quoted = true,
                c if self.quoted => field.push(c),
                c if c == self.delimiter => row.push(std::mem::take(field)),
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    row.push(std::mem::take(field));
                    if !(row.len() == 1 && row.first().is_some_and(String::is_empty)) {
                        ended = Some(std::mem::take(row));
                    } else {
                        row.clear();
                    }
                }
                c => field.push(c),
            }
        }
        ended
    }
}

impl<R: BufRead> Iterator for CsvRecords<R> {
    type Item = Result<Vec<String>, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.ended {
            self.line.clear();
            match self.reader.read_until(b'\n', &mut self.line) {
                Ok(0) => {
                    self.ended = true;
                    if !self.field.is_empty() || !self.row.is_empty() {
                        let mut row = std::mem::take(&mut self.row);
                        row.push(std::mem::take(&mut self.field));
                        return Some(Ok(row));
                    }
                }
                Ok(_) => {
                    let line = std::mem::take(&mut self.line);
                    let read = match std::str::from_utf8(&line) {
                        Ok(text) => Ok(self.read(text)),
                        Err(_) => Err(failed(format!("the object {} is not UTF-8 text", self.key))),
                    };
                    self.line = line;
                    match read {
                        Ok(Some(row)) => return Some(Ok(row)),
                        Ok(None) => {}
                        Err(f) => {
                            self.ended = true;
                            return Some(Err(f));
                        }
                    }
                }
                Err(e) => {
                    self.ended = true;
                    return Some(Err(read_failed(&e, &self.key)));
                }
            }
        }
        None
    }
}

/// How many elements of a JSON array the reading thread hands over at once, and how many such
/// handfuls wait for the Map Run at most.
const HANDFUL: usize = 256;
const HANDFULS_WAITING: usize = 4;

/// The elements of the JSON array `reader` holds (its first byte that is not whitespace is
/// `[`), read by serde_json on a thread of its own. The thread stops when the stream is
/// dropped.
pub(crate) fn json_array(reader: impl Read + Send + 'static, key: &str) -> Items {
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<ItemResult>>(HANDFULS_WAITING);
    let key = key.to_owned();
    let spawned = std::thread::Builder::new()
        .name("item-reader".into())
        .spawn(move || {
            let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
            let mut handful = Vec::with_capacity(HANDFUL);
            let read = serde::Deserializer::deserialize_seq(
                &mut de,
                Elements {
                    sender: &sender,
                    handful: &mut handful,
                },
            )
            .and_then(|()| de.end());
            match read {
                Ok(()) => {
                    let _ = sender.send(handful);
                }
                Err(e) => {
                    // Stopped: the Map Run dropped the stream, nobody listens.
                    if e.to_string() != STOPPED {
                        handful.push(Err(failed(format!("the object {key} is not JSON: {e}"))));
                        let _ = sender.send(handful);
                    }
                }
            }
        });
    match spawned {
        Ok(_) => Box::new(receiver.into_iter().flatten()),
        Err(e) => Box::new(std::iter::once(Err(failed(format!(
            "cannot start reading the object: {e}"
        ))))),
    }
}

/// What the reading thread says when the stream it feeds was dropped.
const STOPPED: &str = "the Map Run stopped reading";

/// The visitor of the array: each element into the handful, each full handful sent.
struct Elements<'s> {
    sender: &'s std::sync::mpsc::SyncSender<Vec<ItemResult>>,
    handful: &'s mut Vec<ItemResult>,
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element_seed(Element)? {
            self.handful.push(Ok(item));
            if self.handful.len() >= HANDFUL {
                let full = std::mem::replace(self.handful, Vec::with_capacity(HANDFUL));
                if self.sender.send(full).is_err() {
                    return Err(A::Error::custom(STOPPED));
                }
            }
        }
        Ok(())
    }
}

/// One element, a JSON value.
struct Element;

impl<'de> DeserializeSeed<'de> for Element {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn all<T>(items: impl Iterator<Item = Result<T, Failure>>) -> Result<Vec<T>, String> {
        items
            .collect::<Result<Vec<T>, Failure>>()
            .map_err(|f| f.cause)
    }

    #[test]
    fn json_lines_skip_blank_lines_and_stop_at_the_first_bad_one() {
        let text = "{\"a\": 1}\r\n\n  \n[2]\n3";
        assert_eq!(
            all(JsonLines::new(text.as_bytes(), "k")),
            Ok(vec![json!({"a": 1}), json!([2]), json!(3)])
        );
        let mut bad = JsonLines::new("1\n{\n2\n".as_bytes(), "k");
        assert_eq!(bad.next().map(|r| r.ok()), Some(Some(json!(1))));
        let cause = bad.next().and_then(Result::err).map(|f| f.cause);
        assert!(
            cause
                .as_deref()
                .is_some_and(|c| c.contains("is not JSON Lines")),
            "{cause:?}"
        );
        assert!(bad.next().is_none(), "a failure ends the stream");
    }

    #[test]
    fn csv_records_span_lines_inside_quotes() {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n1,\"two\nlines\"";
        assert_eq!(
            all(CsvRecords::new(text.as_bytes(), "k", ',')),
            Ok(vec![
                vec!["a".to_owned(), "b".to_owned()],
                vec!["x, y".to_owned(), "say \"hi\"".to_owned()],
                vec!["1".to_owned(), "two\nlines".to_owned()],
            ])
        );
        let bad = CsvRecords::new(&b"a\n\xff\n"[..], "k", ',');
        assert_eq!(all(bad), Err("the object k is not UTF-8 text".to_owned()));
    }

    #[test]
    fn a_json_array_is_read_element_by_element_with_whole_document_errors() {
        let many: Vec<Value> = (0..1000).map(|i| json!({"i": i})).collect();
        let text = Value::Array(many.clone()).to_string();
        assert_eq!(
            all(json_array(std::io::Cursor::new(text.into_bytes()), "k")),
            Ok(many)
        );
        let whole = serde_json::from_str::<Value>("[1, 2,]").unwrap_err();
        assert_eq!(
            all(json_array(&b"[1, 2,]"[..], "k")),
            Err(format!("the object k is not JSON: {whole}"))
        );
        let trailing = serde_json::from_str::<Value>("[1] x").unwrap_err();
        assert_eq!(
            all(json_array(&b"[1] x"[..], "k")),
            Err(format!("the object k is not JSON: {trailing}"))
        );
    }
}
