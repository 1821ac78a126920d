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
pub const CACHED: usize = 64;

/// Where finished executions are kept.
pub(crate) struct Archive {
    store: Store,
    /// The executions read or finished last, decoded, the most recent last.
    cache: Mutex<IndexMap<Arc<StatesArn>, Arc<Finished>>>,
    /// Finished executions whose result the database does not hold yet (their batch failed:
    /// a full disk), held until it does.
    unwritten: Mutex<IndexMap<Arc<StatesArn>, Arc<Finished>>>,
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
    pub fn in_memory() -> Self {
        Archive {
            store: Store::Memory {
                records: Mutex::default(),
                tokens: Mutex::default(),
            },
            cache: Mutex::default(),
            unwritten: Mutex::default(),
        }
    }

    /// An archive in `database`.
    pub fn in_database(database: Arc<Database>) -> Self {
        Archive {
            store: Store::Database(database),
            cache: Mutex::default(),
            unwritten: Mutex::default(),
        }
    }

    /// Keeps `finished`, the execution `arn` now ended: in memory, compressed; with a
    /// database, the writer wrote it (`written`), or it is held here, decoded, until it is
    /// ([`Archive::written`]: a batch that failed is tried again).
    pub fn keep(&self, arn: &Arc<StatesArn>, finished: Arc<Finished>, written: bool) {
        match &self.store {
            Store::Memory { records, tokens } => {
                lock(tokens).extend(finished.tokens.iter().cloned());
                lock(records).insert(Arc::clone(arn), compress(&finished));
            }
            Store::Database(_) if !written => {
                lock(&self.unwritten).insert(Arc::clone(arn), Arc::clone(&finished));
            }
            Store::Database(_) => {}
        }
        self.remember(arn, finished);
    }

    /// The result of `arn`, held since its batch failed, is written now.
    pub fn written(&self, arn: &StatesArn) {
        lock(&self.unwritten).shift_remove(arn);
    }

    /// The results held because their batch failed, to be written again.
    pub fn unwritten(&self) -> Vec<(Arc<StatesArn>, Arc<Finished>)> {
        lock(&self.unwritten)
            .iter()
            .map(|(arn, finished)| (Arc::clone(arn), Arc::clone(finished)))
            .collect()
    }

    /// The finished execution `arn`; `None` when the archive does not hold it (or its record
    /// can no longer be read: a database damaged since the start).
    pub fn get(&self, arn: &Arc<StatesArn>) -> Result<Option<Arc<Finished>>, DatabaseError> {
        if let Some(held) = lock(&self.unwritten).get(&**arn) {
            return Ok(Some(Arc::clone(held)));
        }
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
            Store::Database(database) => database.load_result(arn)?,
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
    pub fn reopen(&self, arn: &StatesArn) {
        lock(&self.cache).shift_remove(arn);
        lock(&self.unwritten).shift_remove(arn);
        if let Store::Memory { records, .. } = &self.store {
            lock(records).remove(arn);
        }
    }

    /// The execution that issued the task token `token`, when the archive knows: a finished
    /// execution's (in memory), any execution's (in the database: a running one's too).
    pub fn token_issuer(&self, token: &str) -> Result<Option<String>, DatabaseError> {
        match &self.store {
            Store::Memory { tokens, .. } => Ok(lock(tokens).contains(token).then(String::new)),
            Store::Database(database) => database.token_execution(token),
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

/// The record's JSON, compressed.
fn compress(finished: &Finished) -> Box<[u8]> {
    let text = serde_json::to_string(&finished.with_events()).unwrap_or_default();
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a `Vec` cannot fail.
    let _ = encoder.write_all(text.as_bytes());
    encoder.finish().unwrap_or_default().into_boxed_slice()
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
            archive.keep(&arn(&format!("e-{n}")), Arc::new(finished(n)), true);
        }
        assert_eq!(lock(&archive.cache).len(), CACHED);
        assert_eq!(
            archive.get(&arn("e-0")).expect("memory").as_deref(),
            Some(&finished(0))
        );
        assert_eq!(archive.get(&arn("none")).expect("memory"), None);
        assert!(archive.token_issuer("token-3").expect("memory").is_some());
        assert!(archive.token_issuer("token-x").expect("memory").is_none());
        archive.reopen(&arn("e-0"));
        assert_eq!(archive.get(&arn("e-0")).expect("memory"), None);
    }
}
