//! A Map's `ItemBatcher`: groups items into batches of at most `MaxItemsPerBatch` items and
//! `MaxInputBytesPerBatch` bytes, each `{"BatchInput": …, "Items": [...]}`.
//!
//! The bytes of a batch are those of its JSON text, `BatchInput` included. An item that does
//! not fit in a batch by itself fails the Map with `States.ItemReaderFailed`.

use super::error::Failure;
use serde_json::{Map, Value};
use workflow_asl::ErrorName;

/// The batches of `items`.
pub(crate) fn batches(
    items: Vec<Value>,
    max_items: Option<u64>,
    max_bytes: Option<u64>,
    batch_input: Option<&Value>,
) -> Result<Vec<Value>, Failure> {
    let max_items = max_items.map_or(usize::MAX, |n| {
        usize::try_from(n.max(1)).unwrap_or(usize::MAX)
    });
    let max_bytes = max_bytes.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    // `{"BatchInput":…,"Items":[]}`: what every batch costs before its items.
    let empty = batch(batch_input, Vec::new()).to_string().len();
    let mut out = Vec::new();
    let mut current: Vec<Value> = Vec::new();
    let mut bytes = empty;
    for item in items {
        let size = item.to_string().len();
        let comma = usize::from(!current.is_empty());
        if empty + size > max_bytes {
            return Err(Failure::new(
                ErrorName::ItemReaderFailed,
                format!(
                    "an item of {size} bytes does not fit in a batch of at most {max_bytes} bytes (MaxInputBytesPerBatch)"
                ),
            ));
        }
        if !current.is_empty() && (current.len() >= max_items || bytes + comma + size > max_bytes) {
            out.push(batch(batch_input, std::mem::take(&mut current)));
            bytes = empty;
        }
        bytes += usize::from(!current.is_empty()) + size;
        current.push(item);
    }
    if !current.is_empty() {
        out.push(batch(batch_input, current));
    }
    Ok(out)
}

fn batch(batch_input: Option<&Value>, items: Vec<Value>) -> Value {
    let mut batch = Map::new();
    if let Some(b) = batch_input {
        batch.insert("BatchInput".into(), b.clone());
    }
    batch.insert("Items".into(), Value::Array(items));
    Value::Object(batch)
}

#[cfg(test)]
mod tests {
    use super::batches;
    use serde_json::json;

    #[test]
    fn batches_respect_both_limits_exactly() {
        let items: Vec<_> = (0..5).map(|i| json!(format!("item-{i}"))).collect();
        // `{"Items":["item-0","item-1"]}` is 29 bytes; a third item would make it 38.
        let out = batches(items.clone(), None, Some(29), None).unwrap_or_default();
        assert_eq!(out.len(), 3);
        for b in &out {
            assert!(b.to_string().len() <= 29, "{b}");
        }
        let out = batches(items, Some(4), None, Some(&json!({"k": 1}))).unwrap_or_default();
        assert_eq!(out[1], json!({"BatchInput": {"k": 1}, "Items": ["item-4"]}));
    }
}
