//! Which object each item a Distributed Map's reader yields came from, for `$$.Map.Item.Source`
//! (AWS documentation, "Accessing execution data from the Context object", its data for Map
//! states: for the input types other than the state's input and a plain `LIST_OBJECTS_V2`
//! listing, "the value will be the Amazon S3 URI. For example: `S3://bucket-name/object-key`").
//! A manifest's items (an S3 inventory's data files, an Athena `UNLOAD`'s) and a listing
//! flattened with `LOAD_AND_FLATTEN` come from several objects: the reader notes the object as
//! it yields each item, and the Map looks the item up by its position in the dataset as it
//! hands it to a child.
//!
//! The log holds one entry per run of items from one object, and the Map, which takes items in
//! order, drops the entries behind it: what it holds is the objects read ahead of the children,
//! not one entry per item.

use super::item_stream::Items;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The objects a reader's items came from, by their position in the dataset; shared by the
/// reader, which notes them, and the Map, which reads them. A log that is off notes nothing.
#[derive(Clone, Default)]
pub(crate) struct ItemSources(Option<Arc<Mutex<SourceLog>>>);

/// Runs of items from one object: `(position of its first item, S3 URI)`, in order.
#[derive(Default)]
struct SourceLog {
    runs: VecDeque<(usize, Arc<str>)>,
    /// How many items were yielded.
    yielded: usize,
}

impl ItemSources {
    /// A log that notes the sources of the items of the stream it tags.
    pub(crate) fn new() -> Self {
        ItemSources(Some(Arc::default()))
    }

    /// A log that notes nothing (a reading that only counts the items).
    pub(crate) fn off() -> Self {
        ItemSources(None)
    }

    fn lock(&self) -> Option<std::sync::MutexGuard<'_, SourceLog>> {
        self.0
            .as_ref()
            .map(|log| log.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// `items`, read from the object `bucket`/`key`, noting each item's source as it is
    /// yielded (a failure is no item).
    pub(crate) fn tag(&self, bucket: &str, key: &str, items: Items) -> Items {
        if self.0.is_none() {
            return items;
        }
        let log = self.clone();
        let uri: Arc<str> = Arc::from(format!("S3://{bucket}/{key}"));
        Box::new(items.inspect(move |item| {
            if item.is_ok() {
                log.note(&uri);
            }
        }))
    }

    /// One item of `uri` was yielded.
    fn note(&self, uri: &Arc<str>) {
        let Some(mut log) = self.lock() else { return };
        let position = log.yielded;
        log.yielded += 1;
        if log
            .runs
            .back()
            .is_none_or(|(_, last)| !Arc::ptr_eq(last, uri))
        {
            log.runs.push_back((position, Arc::clone(uri)));
        }
    }

    /// The object the item at `position` of the dataset came from, when the reader noted one;
    /// forgets the objects of the items before it (positions are asked for in order).
    pub(crate) fn source_of(&self, position: usize) -> Option<Arc<str>> {
        let mut log = self.lock()?;
        while log.runs.get(1).is_some_and(|(start, _)| *start <= position) {
            log.runs.pop_front();
        }
        log.runs
            .front()
            .filter(|(start, _)| *start <= position)
            .map(|(_, uri)| Arc::clone(uri))
    }
}

#[cfg(test)]
mod tests {
    use super::ItemSources;
    use serde_json::json;

    #[test]
    fn each_item_is_looked_up_to_the_object_it_came_from_and_earlier_runs_are_dropped() {
        let sources = ItemSources::new();
        let first = sources.tag("b", "one.json", Box::new((0..2).map(|i| Ok(json!(i)))));
        let second = sources.tag("b", "two.json", Box::new((0..3).map(|i| Ok(json!(i)))));
        let items: Vec<_> = first.chain(second).collect();
        assert_eq!(items.len(), 5);
        let looked_up: Vec<String> = (0..5)
            .map(|p| {
                sources
                    .source_of(p)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(
            looked_up,
            [
                "S3://b/one.json",
                "S3://b/one.json",
                "S3://b/two.json",
                "S3://b/two.json",
                "S3://b/two.json"
            ]
        );
        assert_eq!(
            sources.lock().map(|log| log.runs.len()),
            Some(1),
            "the first object's run is dropped once the Map is past it"
        );
        assert_eq!(ItemSources::off().source_of(0), None);
    }
}
