//! A Map's `ItemBatcher`: groups items into batches of at most `MaxItemsPerBatch` items and
//! `MaxInputBytesPerBatch` bytes, each `{"BatchInput": …, "Items": [...]}`, as the items come.
//!
//! The bytes of a batch are those of its JSON text, `BatchInput` included. An item that does
//! not fit in a batch by itself fails the Map with `States.ItemReaderFailed`.

use super::error::Failure;
use super::item_stream::{ItemResult, Items};
use serde_json::{Map, Value};
use workflow_asl::ErrorName;

/// The batches of `items`.
pub(crate) fn batches(items: Vec<Value>, batcher: Batcher) -> Result<Vec<Value>, Failure> {
    Batched {
        items: Box::new(items.into_iter().map(Ok)),
        batcher,
        ended: false,
    }
    .collect()
}

/// The batches of `items` as the items come: a failure to read an item, or an item too large
/// for a batch, is the last.
pub(crate) fn batched(items: Items, batcher: Batcher) -> Items {
    Box::new(Batched {
        items,
        batcher,
        ended: false,
    })
}

/// A batch being filled.
#[derive(Clone)]
pub(crate) struct Batcher {
    max_items: usize,
    max_bytes: usize,
    batch_input: Option<Value>,
    /// `{"BatchInput":…,"Items":[]}`: what every batch costs before its items.
    empty: usize,
    current: Vec<Value>,
    bytes: usize,
}

impl Batcher {
    /// Batches of at most `max_items` items and `max_bytes` bytes, each with `batch_input`.
    pub(crate) fn new(
        max_items: Option<u64>,
        max_bytes: Option<u64>,
        batch_input: Option<Value>,
    ) -> Self {
        let empty = batch(batch_input.as_ref(), Vec::new()).to_string().len();
        Batcher {
            max_items: max_items.map_or(usize::MAX, |n| {
                usize::try_from(n.max(1)).unwrap_or(usize::MAX)
            }),
            max_bytes: max_bytes.map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX)),
            batch_input,
            empty,
            current: Vec::new(),
            bytes: empty,
        }
    }

    /// Adds `item`; the batch it closes, when it does not fit in the current one.
    pub(crate) fn push(&mut self, item: Value) -> Result<Option<Value>, Failure> {
        // An item's size counts only under a limit of bytes.
        let size = if self.max_bytes == usize::MAX {
            0
        } else {
            item.to_string().len()
        };
        let max_bytes = self.max_bytes;
        if self.empty.saturating_add(size) > max_bytes {
            return Err(Failure::new(
                ErrorName::ItemReaderFailed,
                format!(
                    "an item of {size} bytes does not fit in a batch of at most {max_bytes} bytes (MaxInputBytesPerBatch)"
                ),
            ));
        }
        let comma = usize::from(!self.current.is_empty());
        let mut closed = None;
        if !self.current.is_empty()
            && (self.current.len() >= self.max_items
                || self.bytes.saturating_add(comma + size) > max_bytes)
        {
            closed = Some(batch(
                self.batch_input.as_ref(),
                std::mem::take(&mut self.current),
            ));
            self.bytes = self.empty;
        }
        self.bytes = self
            .bytes
            .saturating_add(usize::from(!self.current.is_empty()) + size);
        self.current.push(item);
        Ok(closed)
    }

    /// The last batch, if it holds items.
    pub(crate) fn finish(&mut self) -> Option<Value> {
        if self.current.is_empty() {
            return None;
        }
        self.bytes = self.empty;
        Some(batch(
            self.batch_input.as_ref(),
            std::mem::take(&mut self.current),
        ))
    }
}

/// Items batched as they come.
struct Batched {
    items: Items,
    batcher: Batcher,
    ended: bool,
}

impl Iterator for Batched {
    type Item = ItemResult;

    fn next(&mut self) -> Option<ItemResult> {
        while !self.ended {
            let Some(item) = self.items.next() else {
                self.ended = true;
                return self.batcher.finish().map(Ok);
            };
            let closed = item.and_then(|item| self.batcher.push(item));
            match closed {
                Ok(Some(batch)) => return Some(Ok(batch)),
                Ok(None) => {}
                Err(f) => {
                    self.ended = true;
                    return Some(Err(f));
                }
            }
        }
        None
    }
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
    use super::{Batcher, batched, batches};
    use serde_json::json;

    #[test]
    fn batches_respect_both_limits_exactly() {
        let items: Vec<_> = (0..5).map(|i| json!(format!("item-{i}"))).collect();
        // `{"Items":["item-0","item-1"]}` is 29 bytes; a third item would make it 38.
        let out = batches(items.clone(), Batcher::new(None, Some(29), None)).unwrap_or_default();
        assert_eq!(out.len(), 3);
        for b in &out {
            assert!(b.to_string().len() <= 29, "{b}");
        }
        let out =
            batches(items, Batcher::new(Some(4), None, Some(json!({"k": 1})))).unwrap_or_default();
        assert_eq!(out[1], json!({"BatchInput": {"k": 1}, "Items": ["item-4"]}));
    }

    #[test]
    fn an_item_too_large_ends_the_batches_with_the_failure() {
        // `{"Items":["a"]}` is 15 bytes: "b" starts the next batch, which the long item fails.
        let items = vec![
            Ok(json!("a")),
            Ok(json!("b")),
            Ok(json!("a much longer item")),
        ];
        let out: Vec<_> = batched(
            Box::new(items.into_iter()),
            Batcher::new(None, Some(16), None),
        )
        .collect();
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0].as_ref().ok(), Some(&json!({"Items": ["a"]})));
        let cause = out[1].as_ref().err().map(|f| f.cause.clone());
        assert!(
            cause.as_deref().is_some_and(|c| c.contains("does not fit")),
            "{cause:?}"
        );
    }
}
