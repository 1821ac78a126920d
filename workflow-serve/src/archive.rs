//! Finished executions: their input, output, history, task tokens and Map Runs, kept out of
//! the execution's record, so that what the service holds in memory stays flat however many
//! executions ran. With `--data DIR` they are in the database (and the events were written
//! there as they happened); without it, each is kept in memory as its record's JSON compressed
//! with DEFLATE (flate2, already the engine's reader of gzip objects), a few hundred bytes for
//! a short execution. Nothing is evicted from that store (AWS keeps a closed execution for 90
//! days, longer than a local server runs); what is evicted is the decoded copy: the
//! [`CACHED`] executions read last stay decoded, the others are decoded again when asked for.

use super::database::{Database, DatabaseError};
use super::locks::lock;
use super::records::Finished;
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use workflow_aws_models::{StatesArn, TaskToken};

/// How many finished executions stay decoded (the ones read last).
pub(crate) const CACHED: usize = 64;

/// Where finished executions are kept.
pub(crate) struct Archive {
    store: Store,
    /// Where their Map Runs are.
    pub map_runs: MapRunIndex,
    /// The executions read or finished last, decoded, the most recent last.
    cache: Mutex<IndexMap<Arc<StatesArn>, Arc<Finished>>>,
}

/// The store behind the cache.
enum Store {
    /// Compressed records by execution ARN, and every task token a finished execution issued.
    Memory {
        records: Mutex<HashMap<Arc<StatesArn>, Box<[u8]>>>,
        tokens: Mutex<HashSet<TaskToken>>,
    },
    Database(Arc<Database>),
}

impl Archive {
    /// An archive in memory.
    pub(crate) fn in_memory() -> Self {
        Archive {
            store: Store::Memory {
                records: Mutex::default(),
                tokens: Mutex::default(),
            },
            cache: Mutex::default(),
            map_runs: MapRunIndex::default(),
        }
    }

    /// An archive in `database`.
    pub(crate) fn in_database(database: Arc<Database>) -> Self {
        Archive {
            store: Store::Database(database),
            cache: Mutex::default(),
            map_runs: MapRunIndex::default(),
        }
    }

    /// Keeps `finished`, the execution `arn` now ended (with a database, its end is written
    /// there first): in memory, compressed; its Map Runs indexed.
    pub(crate) fn keep(&self, arn: &Arc<StatesArn>, finished: Arc<Finished>) {
        self.map_runs
            .add(arn, super::database::map_run_index(&finished.map_runs));
        if let Store::Memory { records, tokens } = &self.store {
            lock(tokens).extend(finished.tokens.iter().cloned());
            lock(records).insert(Arc::clone(arn), compress(&finished));
        }
        self.remember(arn, finished);
    }

    /// The finished execution `arn`; `None` when the archive does not hold it (or its record
    /// can no longer be read: a database damaged since the start). A future: with a database,
    /// a record not decoded in memory is read on the database's reading thread.
    pub(crate) async fn get(
        &self,
        arn: &Arc<StatesArn>,
    ) -> Result<Option<Arc<Finished>>, DatabaseError> {
        {
            let mut cache = lock(&self.cache);
            if let Some(index) = cache.get_index_of(&**arn) {
                let last = cache.len() - 1;
                cache.move_index(index, last);
                return Ok(cache.get_index(last).map(|(_, f)| Arc::clone(f)));
            }
        }
        let finished = match &self.store {
            Store::Memory { records, .. } => lock(records).get(&**arn).and_then(|r| decompress(r)),
            Store::Database(database) => database.load_result(arn).await?,
        };
        Ok(finished.map(|finished| {
            let finished = Arc::new(finished);
            self.remember(arn, Arc::clone(&finished));
            finished
        }))
    }

    /// Forgets the result of `arn`, which runs again (a redrive); its events stay, and so does
    /// the database's record of the attempt that ended (a redrive resumed after a restart
    /// starts from it).
    pub(crate) fn reopen(&self, arn: &StatesArn) {
        lock(&self.cache).shift_remove(arn);
        if let Store::Memory { records, .. } = &self.store {
            lock(records).remove(arn);
        }
    }

    /// Whether a finished execution issued the task token `token` (any execution, with a
    /// database: a running one's too).
    pub(crate) async fn token_issuer(&self, token: &str) -> Result<Option<String>, DatabaseError> {
        match &self.store {
            Store::Memory { tokens, .. } => Ok(lock(tokens).contains(token).then(String::new)),
            Store::Database(database) => database.token_execution(token).await,
        }
    }

    fn remember(&self, arn: &Arc<StatesArn>, finished: Arc<Finished>) {
        let mut cache = lock(&self.cache);
        cache.shift_remove(&**arn);
        cache.insert(Arc::clone(arn), finished);
        while cache.len() > CACHED {
            cache.shift_remove_index(0);
        }
    }
}

/// Where the Map Runs of finished executions are: which execution holds each, and which Map
/// Run each child execution belongs to.
#[derive(Default)]
pub(crate) struct MapRunIndex(Mutex<Index>);

#[derive(Default)]
struct Index {
    /// Every finished execution's Map Run, by its ARN: the execution it belongs to.
    map_runs: HashMap<StatesArn, Arc<StatesArn>>,
    /// Every child execution of a finished execution's Map Runs, by its ARN: its Map Run.
    map_run_children: HashMap<StatesArn, StatesArn>,
}

impl MapRunIndex {
    /// Indexes the Map Runs of the finished execution `arn`.
    pub(crate) fn add(&self, arn: &Arc<StatesArn>, runs: Vec<(StatesArn, Vec<StatesArn>)>) {
        if runs.is_empty() {
            return;
        }
        let mut index = lock(&self.0);
        for (map_run, children) in runs {
            for child in children {
                index.map_run_children.insert(child, map_run.clone());
            }
            index.map_runs.insert(map_run, Arc::clone(arn));
        }
    }

    /// The finished execution that holds the Map Run `arn`.
    pub(crate) fn execution_of(&self, arn: &StatesArn) -> Option<Arc<StatesArn>> {
        lock(&self.0).map_runs.get(arn).cloned()
    }

    /// The Map Run of a finished execution that started the child `arn`.
    pub(crate) fn map_run_of(&self, child: &StatesArn) -> Option<StatesArn> {
        lock(&self.0).map_run_children.get(child).cloned()
    }
}

/// The record's JSON, compressed.
fn compress(finished: &Finished) -> Box<[u8]> {
    let text = serde_json::to_vec(&finished.with_events()).unwrap_or_default();
    COMPRESSOR.with_borrow_mut(|compressor| {
        // One compressor a thread, reset for each record: a new one is about 300 KiB of
        // tables (miniz_oxide's), allocated and zeroed page by page for each execution that
        // ended, which was a fifth of the server's CPU per execution (a profile of 6,000).
        compressor.reset();
        let mut out = Vec::with_capacity(text.len() / 2 + 64);
        loop {
            let before = compressor.total_in();
            let read = usize::try_from(before).unwrap_or(usize::MAX);
            let rest = text.get(read..).unwrap_or_default();
            match compressor.compress_vec(rest, &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
                // Compressing into a `Vec` fails on nothing but a bug: a new compressor then.
                Err(_) => return deflate_fresh(&text),
            }
        }
        out.into_boxed_slice()
    })
}

/// `text` compressed by a compressor of its own.
fn deflate_fresh(text: &[u8]) -> Box<[u8]> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a `Vec` cannot fail.
    let _ = encoder.write_all(text);
    encoder.finish().unwrap_or_default().into_boxed_slice()
}

thread_local! {
    /// The DEFLATE compressor of this thread's records (fast: level 1, a raw stream).
    static COMPRESSOR: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::fast(), false));
}

/// A compressed record, decoded.
fn decompress(bytes: &[u8]) -> Option<Finished> {
    let mut text = String::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_string(&mut text)
        .ok()?;
    serde_json::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_execution_arn as arn;
    use serde_json::json;
    use workflow_runtime::execution::{ExecutionStatus, HistoryEvent};

    fn finished(n: usize) -> Finished {
        Finished {
            status: ExecutionStatus::Succeeded,
            input: format!("{{\"n\":{n}}}"),
            output: Some("{}".into()),
            error: None,
            cause: None,
            stop_ms: 1_767_225_600_000,
            tokens: vec![TaskToken::parse(&format!("token-{n}")).expect("a token")],
            events: vec![
                HistoryEvent::from_json(
                    &json!({"id": 1, "timestamp": 1.0, "type": "ExecutionStarted"}),
                )
                .expect("an event"),
            ],
            map_runs: Vec::new(),
        }
    }

    #[test]
    fn a_finished_execution_reads_back_after_it_left_the_cache() {
        let archive = Archive::in_memory();
        for n in 0..CACHED + 10 {
            archive.keep(&arn(&format!("e-{n}")), Arc::new(finished(n)));
        }
        assert_eq!(lock(&archive.cache).len(), CACHED);
        let read = |name: &str| futures::executor::block_on(archive.get(&arn(name)));
        assert_eq!(read("e-0").expect("memory").as_deref(), Some(&finished(0)));
        assert_eq!(read("none").expect("memory"), None);
        let issued = |token: &str| futures::executor::block_on(archive.token_issuer(token));
        assert!(issued("token-3").expect("memory").is_some());
        assert!(issued("token-x").expect("memory").is_none());
        archive.reopen(&arn("e-0"));
        assert_eq!(read("e-0").expect("memory"), None);
    }
}
