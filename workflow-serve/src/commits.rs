//! The writer's batches (the body of the writer's thread, the one connection that writes): a
//! group commit. Each batch takes everything queued (`writer`): the calls' writes, the
//! executions started and ended, the runs that wrote events, the task tokens issued. It writes
//! them in one transaction, each write, start and end in a savepoint of its own, and only once
//! the transaction is committed tells every caller waiting on it (who answers its client then)
//! and counts the events written ([`Written::events`](super::records::Written), what a client
//! may be shown).
//!
//! The writer follows each run whose start it wrote: it takes the events the run wrote since
//! the last batch from the run itself, and its Distributed Maps' children's. It never writes a
//! terminal event that way: an execution's end (its terminal event, the rest of its history,
//! its record, its tokens and its Map Runs) is written once, by its end's own write
//! ([`Writer::end`](super::writer::Writer::end)), so that no history in the database ends
//! without its execution's record.
//!
//! A batch that fails (a full disk) is answered as failed to whoever waited on it; its runs'
//! events stay unwritten and are taken again by a later batch, after a pause
//! (`writer::RETRY`), and what it started is followed no more (its callers undo it). Nothing is
//! held that a later batch could not write: once the disk has room, the next batch commits.

use super::database::{Database, DatabaseError, NewChildEvents, NewEvents, write};
use super::locks::lock;
use super::records::{ExecutionRecord, Finished, RunState};
use super::writer::{Batch, Outcome, Queued, Writer};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::oneshot;
use workflow_aws_models::StatesArn;
use workflow_runtime::execution::HistoryEvent;

/// A run the writer follows: its record, how many of its events are written, and the events of
/// its Distributed Maps' children taken from it but not written yet.
struct Followed {
    record: Arc<ExecutionRecord>,
    written: usize,
    children: Vec<(StatesArn, HistoryEvent)>,
}

/// The writer's thread's own state: the database's writing connection, the queue it takes
/// batches from, and the runs it follows.
pub(crate) struct Committer {
    database: Arc<Database>,
    writer: Arc<Writer>,
    followed: HashMap<Arc<StatesArn>, Followed>,
}

/// What one batch did, to be told once its transaction ended.
#[derive(Default)]
struct Done {
    /// Each caller's outcome.
    told: Vec<(oneshot::Sender<Outcome>, Outcome)>,
    /// The runs this batch started following (dropped again when it failed).
    started: Vec<Arc<StatesArn>>,
    /// The runs whose end this batch wrote (followed no more once it committed).
    ended: Vec<Arc<StatesArn>>,
    /// The events taken: each run's count written after, and how many of its children's
    /// events were taken.
    counts: Vec<(Arc<StatesArn>, usize, usize)>,
}

impl Committer {
    /// The writer of `database`, taking its batches from `writer`.
    pub(crate) fn new(database: Arc<Database>, writer: Arc<Writer>) -> Committer {
        Committer {
            database,
            writer,
            followed: HashMap::new(),
        }
    }

    /// Writes batches until the writer ends (the writer's thread's body).
    pub(crate) fn run(mut self) {
        while let Some(batch) = self.writer.next_batch() {
            self.commit(batch);
        }
    }

    /// Writes one batch (see the module's documentation).
    fn commit(&mut self, batch: Batch) {
        let Batch {
            queued,
            mut dirty,
            flushes,
            tokens,
            last,
        } = batch;
        let mut done = Done::default();
        let followed = &mut self.followed;
        let outcome = self.database.transaction(|tx| {
            for queued in queued {
                match queued {
                    Queued::Write(write, tell) => {
                        let outcome = in_savepoint(tx, write)?;
                        done.told.push((tell, outcome));
                    }
                    Queued::Start {
                        write,
                        record,
                        from,
                        done: tell,
                    } => {
                        let outcome = in_savepoint(tx, write)?;
                        if outcome.is_ok() {
                            let arn = Arc::clone(&record.arn);
                            dirty.insert(Arc::clone(&arn));
                            followed.insert(
                                Arc::clone(&arn),
                                Followed {
                                    record,
                                    written: from,
                                    children: Vec::new(),
                                },
                            );
                            done.started.push(arn);
                        }
                        done.told.push((tell, outcome));
                    }
                    Queued::End {
                        record,
                        finished,
                        done: tell,
                    } => {
                        let written = followed.get(&record.arn).map_or_else(
                            || record.written.borrow().events,
                            |followed| followed.written,
                        );
                        let arn = Arc::clone(&record.arn);
                        let outcome = in_savepoint(tx, move |tx| {
                            write::result(tx, &record.arn, &finished, written)
                        })?;
                        if outcome.is_ok() {
                            done.ended.push(arn);
                        }
                        done.told.push((tell, outcome));
                    }
                    Queued::Follow { record, from } => {
                        let arn = Arc::clone(&record.arn);
                        dirty.insert(Arc::clone(&arn));
                        followed.insert(
                            arn,
                            Followed {
                                record,
                                written: from,
                                children: Vec::new(),
                            },
                        );
                    }
                    Queued::Forget(arn) => {
                        followed.remove(&arn);
                    }
                }
            }
            // The events the followed runs wrote since, but theirs whose end this batch wrote.
            let mut events: Vec<NewEvents> = Vec::new();
            let mut children: Vec<NewChildEvents> = Vec::new();
            for arn in &dirty {
                if done.ended.contains(arn) {
                    continue;
                }
                let Some(run) = followed.get_mut(arn) else {
                    continue;
                };
                let new = run.take_new();
                let taken = run.children.len();
                if new.is_empty() && taken == 0 {
                    continue;
                }
                done.counts
                    .push((Arc::clone(arn), run.written + new.len(), taken));
                events.push((Arc::clone(arn), run.written, new));
                children.push((Arc::clone(arn), run.children.clone()));
            }
            write::events(tx, &events, &children)?;
            write::tokens(tx, &tokens)?;
            Ok(())
        });
        match outcome {
            Ok(()) => {
                for (tell, outcome) in done.told {
                    let _ = tell.send(outcome);
                }
                for (arn, written, taken) in done.counts {
                    if let Some(run) = self.followed.get_mut(&arn) {
                        run.written = run.written.max(written);
                        run.children.drain(..taken.min(run.children.len()));
                        let count = run.written;
                        run.record.written.send_if_modified(|w| {
                            let more = w.events < count;
                            w.events = w.events.max(count);
                            more
                        });
                    }
                }
                for arn in done.ended {
                    self.followed.remove(&arn);
                }
                for tell in flushes {
                    let _ = tell.send(Ok(()));
                }
            }
            Err(e) => {
                let why = e.to_string();
                eprintln!("workflow serve: a batch of writes failed (tried again): {why}");
                for (tell, _) in done.told {
                    let _ = tell.send(Err(why.clone()));
                }
                for tell in flushes {
                    let _ = tell.send(Err(why.clone()));
                }
                // What it started was not written: its callers undo it.
                for arn in done.started {
                    self.followed.remove(&arn);
                }
                if !last {
                    self.writer.again(dirty, tokens);
                }
            }
        }
    }
}

impl Followed {
    /// The events its run wrote since the last batch, up to (not with) a terminal one, which
    /// its end writes; its children's new events taken into `children`.
    fn take_new(&mut self) -> Vec<HistoryEvent> {
        let run = lock(&self.record.run);
        let RunState::Running(live) = &*run else {
            // Ended (its end's own write takes the rest), or not run here.
            return Vec::new();
        };
        self.children.extend(live.execution.take_child_events());
        let mut new = live.execution.history_since(self.written);
        drop(run);
        if let Some(end) = new
            .iter()
            .position(|e| Finished::of_terminal_event(e).is_some())
        {
            new.truncate(end);
        }
        new
    }
}

/// Runs `write` in a savepoint of `tx`: its failure is its own (rolled back, the batch goes
/// on); the savepoint's own failure is the batch's.
fn in_savepoint(
    tx: &rusqlite::Connection,
    write: impl FnOnce(&rusqlite::Connection) -> Result<(), DatabaseError>,
) -> Result<Outcome, DatabaseError> {
    tx.execute_batch("SAVEPOINT call")?;
    match write(tx) {
        Ok(()) => {
            tx.execute_batch("RELEASE call")?;
            Ok(Ok(()))
        }
        Err(e) => {
            tx.execute_batch("ROLLBACK TO call; RELEASE call")?;
            Ok(Err(e.to_string()))
        }
    }
}
