//! A Distributed Map's `PARQUET` reader: each row of an Apache Parquet object is an item, a
//! JSON object of its columns (feature `parquet`).
//!
//! AWS's rules ("ItemReader (Map)", the Parquet section): "256MB is the maximum row-group
//! size, and 5MB is the maximum footer size. If you provide input files that exceed either
//! limit, your state machine will return a runtime error"; "The `VersionId` field is not
//! supported for `InputType=Parquet`"; "Internal GZIP, ZSTD, and Snappy data compression are
//! natively supported. No filename extensions are necessary." Each failure is a cause the
//! reader fails the Map Run with (`States.ItemReaderFailed`), as for the other input types.
//!
//! How a value becomes JSON AWS does not document: strings, numbers and booleans as
//! themselves, `null` for a missing value, lists as arrays and groups (structs) and maps as
//! objects, timestamps as whole milliseconds since the Unix epoch (what one emulator's notes of
//! AWS's answers say: fakecloud's Parquet reader), dates, decimals and bytes as the `parquet`
//! crate writes them (text).

use serde_json::Value;

/// The largest footer (the file's metadata) AWS reads.
#[cfg(feature = "parquet")]
pub(crate) const MAX_FOOTER_BYTES: u64 = 5 * 1024 * 1024;
/// The largest row group AWS reads.
#[cfg(feature = "parquet")]
pub(crate) const MAX_ROW_GROUP_BYTES: i64 = 256 * 1024 * 1024;

/// The rows of the Parquet object `key` (its `body`) as items.
#[cfg(feature = "parquet")]
pub(crate) fn items(key: &str, body: Vec<u8>) -> Result<Vec<Value>, String> {
    let footer = footer_length(&body)
        .ok_or_else(|| format!("the object {key} is not a Parquet file (no PAR1 footer)"))?;
    if footer > MAX_FOOTER_BYTES {
        return Err(format!(
            "the Parquet object {key} has a footer of {footer} bytes; the largest footer Step Functions reads is 5 MB"
        ));
    }
    // The decoder is a large crate reading untrusted bytes: a panic inside it is the object's
    // failure, not the engine's.
    let key_text = key.to_owned();
    std::panic::catch_unwind(move || read_rows(&key_text, body)).unwrap_or_else(|_| {
        Err(format!(
            "the Parquet object {key} could not be decoded (the reader stopped on malformed data)"
        ))
    })
}

/// The rows of `key`, checked against the row-group limit.
#[cfg(feature = "parquet")]
fn read_rows(key: &str, body: Vec<u8>) -> Result<Vec<Value>, String> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(bytes::Bytes::from(body))
        .map_err(|e| format!("the object {key} is not a Parquet file: {e}"))?;
    for (i, group) in reader.metadata().row_groups().iter().enumerate() {
        if group.compressed_size() > MAX_ROW_GROUP_BYTES {
            return Err(format!(
                "row group {i} of the Parquet object {key} holds {} bytes; the largest row group Step Functions reads is 256 MB",
                group.compressed_size()
            ));
        }
    }
    let rows = reader
        .get_row_iter(None)
        .map_err(|e| format!("the Parquet object {key} could not be read: {e}"))?;
    rows.map(|row| {
        row.map(|row| row_json(&row))
            .map_err(|e| format!("the Parquet object {key} could not be read: {e}"))
    })
    .collect()
}

/// The length of a Parquet file's footer (its metadata): the little-endian length before the
/// closing `PAR1`.
#[cfg_attr(not(feature = "parquet"), allow(dead_code))]
fn footer_length(body: &[u8]) -> Option<u64> {
    let n = body.len();
    if n < 12 || !body.starts_with(b"PAR1") || &body[n - 4..] != b"PAR1" {
        return None;
    }
    let length: [u8; 4] = body[n - 8..n - 4].try_into().ok()?;
    Some(u64::from(u32::from_le_bytes(length)))
}

#[cfg(feature = "parquet")]
fn row_json(row: &parquet::record::Row) -> Value {
    Value::Object(
        row.get_column_iter()
            .map(|(name, field)| (name.clone(), field_json(field)))
            .collect(),
    )
}

#[cfg(feature = "parquet")]
fn field_json(field: &parquet::record::Field) -> Value {
    use parquet::record::Field;
    match field {
        Field::TimestampMillis(millis) => Value::from(*millis),
        Field::TimestampMicros(micros) => Value::from(micros.div_euclid(1000)),
        Field::Group(row) => row_json(row),
        Field::ListInternal(list) => Value::Array(list.elements().iter().map(field_json).collect()),
        Field::MapInternal(map) => Value::Object(
            map.entries()
                .iter()
                .map(|(key, value)| {
                    let key = match field_json(key) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    (key, field_json(value))
                })
                .collect(),
        ),
        other => other.to_json_value(),
    }
}

/// Without the `parquet` feature a Parquet object is not read: the failure says how to read it.
#[cfg(not(feature = "parquet"))]
pub(crate) fn items(key: &str, _body: Vec<u8>) -> Result<Vec<Value>, String> {
    Err(format!(
        "the Parquet object {key} is not read: this engine was built without the `parquet` feature (workflow-runtime = {{ features = [\"parquet\"] }})"
    ))
}

#[cfg(test)]
mod tests {
    use super::footer_length;

    #[test]
    fn the_footer_length_is_read_before_the_closing_magic() {
        let mut file = b"PAR1".to_vec();
        file.extend([0u8; 10]);
        file.extend(10u32.to_le_bytes());
        file.extend(b"PAR1");
        assert_eq!(footer_length(&file), Some(10));
        assert_eq!(footer_length(b"PAR1PAR1"), None);
        assert_eq!(footer_length(b"not parquet at all"), None);
    }
}
