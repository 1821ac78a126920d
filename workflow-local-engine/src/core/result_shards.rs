//! A `ResultWriter`'s files, written as a Map Run's children end rather than once they all
//! have: the results (each child's record, or its output as `WriterConfig` shapes it) go to
//! `SUCCEEDED_n.json` and `FAILED_n.json` (`.jsonl` for JSON Lines) in item order, a file
//! being cut once it holds [`SHARD_BYTES`], and `manifest.json` lists them (see
//! [`super::map_run`]). What is held is the file being filled and the results of the children
//! that ended before an earlier one.
//!
//! AWS names the files `SUCCEEDED_0.json`, `FAILED_0.json`, … ("ResultWriter (Map)", its
//! example of the exported files and of `manifest.json`'s `ResultFiles`) without saying when it
//! starts a new one; [`SHARD_BYTES`] is this engine's choice.

use super::error::Failure;
use super::object_store::{ObjectStore, ObjectStoreError};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use workflow_asl::ErrorName;

/// The size past which a result file is written and the next one started.
pub(crate) const SHARD_BYTES: usize = 16 << 20;

/// Where a Map Run's results go and how they are written.
pub(crate) struct ResultShards {
    store: ObjectStore,
    bucket: String,
    /// `<Prefix>/<map run id>`.
    folder: String,
    /// JSON Lines rather than a JSON array a file.
    lines: bool,
    /// The results of children that ended before an earlier one, by index.
    waiting: BTreeMap<usize, Vec<(bool, Value)>>,
    /// The index of the next child whose results are written.
    next: usize,
    succeeded: Shard,
    failed: Shard,
    /// The first file the store could not take: the Map Run fails with it.
    error: Option<ObjectStoreError>,
}

/// The results of one status: the file being filled and those written.
struct Shard {
    status: &'static str,
    body: String,
    written: Vec<(String, usize)>,
}

impl Shard {
    fn new(status: &'static str) -> Self {
        Shard {
            status,
            body: String::new(),
            written: Vec::new(),
        }
    }
}

impl ResultShards {
    /// The results of a Map Run, to write to `bucket` under `folder`.
    pub(crate) fn new(store: ObjectStore, bucket: &str, folder: String, lines: bool) -> Self {
        ResultShards {
            store,
            bucket: bucket.to_owned(),
            folder,
            lines,
            waiting: BTreeMap::new(),
            next: 0,
            succeeded: Shard::new("SUCCEEDED"),
            failed: Shard::new("FAILED"),
            error: None,
        }
    }

    /// The bucket the files go to.
    pub(crate) fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The folder the files go to.
    pub(crate) fn folder(&self) -> &str {
        &self.folder
    }

    /// The results of child `index` (each with whether its child failed); written once the
    /// children before it are.
    pub(crate) fn add(&mut self, index: usize, results: Vec<(bool, Value)>) {
        if index != self.next {
            self.waiting.insert(index, results);
            return;
        }
        self.append(results);
        self.next += 1;
        while let Some(results) = self.waiting.remove(&self.next) {
            self.append(results);
            self.next += 1;
        }
    }

    fn append(&mut self, results: Vec<(bool, Value)>) {
        for (failed, result) in results {
            let shard = if failed {
                &mut self.failed
            } else {
                &mut self.succeeded
            };
            if self.lines {
                // JSON Lines: one compact JSON text a line, each line ended.
                shard.body.push_str(&result.to_string());
                shard.body.push('\n');
            } else {
                shard
                    .body
                    .push(if shard.body.is_empty() { '[' } else { ',' });
                shard.body.push_str(&result.to_string());
            }
            if shard.body.len() >= SHARD_BYTES {
                let (store, bucket, folder, lines) =
                    (&self.store, &self.bucket, &self.folder, self.lines);
                if let Err(e) = write(store, (bucket, folder), shard, lines) {
                    self.error.get_or_insert(e);
                }
            }
        }
    }

    /// Writes what is left (the results still waiting, in item order) and returns the
    /// manifest's `ResultFiles`: each file's key and size by status.
    pub(crate) fn finish(mut self) -> Result<Value, Failure> {
        for (_, results) in std::mem::take(&mut self.waiting) {
            self.append(results);
        }
        for shard in [&mut self.succeeded, &mut self.failed] {
            if !shard.body.is_empty()
                && let Err(e) = write(&self.store, (&self.bucket, &self.folder), shard, self.lines)
            {
                self.error.get_or_insert(e);
            }
        }
        if let Some(e) = self.error {
            return Err(Failure::new(ErrorName::ResultWriterFailed, e.to_string()));
        }
        let listed = |shard: &Shard| -> Vec<Value> {
            shard
                .written
                .iter()
                .map(|(key, size)| json!({"Key": key, "Size": size}))
                .collect()
        };
        Ok(json!({
            "FAILED": listed(&self.failed),
            "PENDING": [],
            "SUCCEEDED": listed(&self.succeeded),
        }))
    }

    /// Removes the files written so far: the Map Run ended without results (it was stopped).
    pub(crate) fn discard(self) {
        for shard in [&self.succeeded, &self.failed] {
            for (key, _) in &shard.written {
                self.store.remove(&self.bucket, key);
            }
        }
    }
}

/// Writes the file `shard` fills as its next one, and empties it.
fn write(
    store: &ObjectStore,
    (bucket, folder): (&str, &str),
    shard: &mut Shard,
    lines: bool,
) -> Result<(), ObjectStoreError> {
    let mut body = std::mem::take(&mut shard.body);
    let extension = if lines {
        "jsonl"
    } else {
        body.push(']');
        "json"
    };
    let key = format!(
        "{folder}/{}_{}.{extension}",
        shard.status,
        shard.written.len()
    );
    store.put(bucket, &key, &body)?;
    shard.written.push((key, body.len()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_written_in_item_order_whatever_order_they_end_in() {
        let store = ObjectStore::new();
        let mut shards = ResultShards::new(store.clone(), "b", "run/1".into(), false);
        shards.add(2, vec![(false, json!(2))]);
        shards.add(0, vec![(false, json!(0)), (true, json!("f0"))]);
        shards.add(1, vec![]);
        shards.add(3, vec![(true, json!("f3"))]);
        let files = shards.finish().unwrap_or_default();
        assert_eq!(
            files,
            json!({
                "FAILED": [{"Key": "run/1/FAILED_0.json", "Size": 11}],
                "PENDING": [],
                "SUCCEEDED": [{"Key": "run/1/SUCCEEDED_0.json", "Size": 5}],
            })
        );
        assert_eq!(
            store.get_json("b", "run/1/SUCCEEDED_0.json"),
            Some(json!([0, 2]))
        );
        assert_eq!(
            store.get_json("b", "run/1/FAILED_0.json"),
            Some(json!(["f0", "f3"]))
        );
    }

    #[test]
    fn a_full_file_is_written_and_the_next_one_started() {
        let store = ObjectStore::new();
        let mut shards = ResultShards::new(store.clone(), "b", "r".into(), true);
        let big = "x".repeat(SHARD_BYTES / 2);
        for i in 0..5 {
            shards.add(i, vec![(false, json!(big))]);
        }
        assert_eq!(
            store.keys("b", "r/"),
            ["r/SUCCEEDED_0.jsonl", "r/SUCCEEDED_1.jsonl"],
            "written before the Map Run ends"
        );
        let files = shards.finish().unwrap_or_default();
        let keys: Vec<&Value> = files["SUCCEEDED"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| &f["Key"])
            .collect();
        assert_eq!(
            keys,
            [
                "r/SUCCEEDED_0.jsonl",
                "r/SUCCEEDED_1.jsonl",
                "r/SUCCEEDED_2.jsonl"
            ]
        );
        let lines = store.get("b", "r/SUCCEEDED_2.jsonl").unwrap_or_default();
        assert_eq!(lines.iter().filter(|b| **b == b'\n').count(), 1);
    }

    #[test]
    fn discarded_results_leave_no_file() {
        let store = ObjectStore::new();
        let mut shards = ResultShards::new(store.clone(), "b", "r".into(), false);
        let big = "x".repeat(SHARD_BYTES);
        shards.add(0, vec![(false, json!(big))]);
        assert_eq!(store.keys("b", "r/").len(), 1);
        shards.discard();
        assert_eq!(store.keys("b", "r/"), Vec::<String>::new());
    }
}
