//! The writer's batches (the body of the writer's thread, started by the service): a group
//! commit. Each batch takes everything queued (`writer`): the calls' writes, the executions
//! whose runs wrote events or ended, the task tokens issued. It writes them in one transaction,
//! each call's write in a savepoint of its own, and only once the transaction is committed
//! tells every caller waiting on it (who answers its client then), counts the events saved
//! (what a client may be shown) and files the ended executions away.
//!
//! An execution's end is written here and nowhere else: its terminal event, the rest of its
//! history, how it ended, its tokens and its Map Runs, in one transaction; it is described
//! ended only after. A terminal event a run wrote before its run ended is held back until it
//! can be written with the rest of its end, so that no history in the database ends without
//! its execution's record (and the database's check at open sets right one that does,
//! whatever wrote it).
//!
//! A batch that fails (a full disk) is answered as failed to whoever waited on it; its
//! executions' events stay unsaved and are taken again by a later batch, after a pause
//! (`writer::RETRY`), and an end that could not be written is held in the archive, decoded, and
//! written by the next batch that can.

use super::database::{NewChildEvents, NewEvents, write};
use super::locks::lock;
use super::records::{Closed, ExecutionRecord, Finished, RunState};
use super::service::Service;
use super::writer::Batch;
use std::sync::{Arc, MutexGuard};
use workflow_runtime::execution::ExecutionStatus;

/// An execution this batch ends: its place among the batch's records, its state (held until
/// its end is written), its end, and how many of its events were written before.
type Closing<'r> = (usize, MutexGuard<'r, RunState>, Arc<Finished>, usize);

impl Service {
    /// Writes one batch (see the module's documentation).
    pub(super) fn commit(&self, batch: Batch) {
        let Batch {
            writes,
            executions,
            flushes,
            tokens,
            last,
        } = batch;
        let records: Vec<Arc<ExecutionRecord>> = {
            let running = lock(&self.running);
            executions
                .iter()
                .filter_map(|(arn, given)| given.clone().or_else(|| running.get(arn).cloned()))
                .collect()
        };
        let mut events: Vec<NewEvents> = Vec::new();
        let mut children: Vec<NewChildEvents> = Vec::new();
        // Each record's events written by this batch: its place, its saved count after, and
        // how many of its children's events were taken.
        let mut counts: Vec<(usize, usize, usize)> = Vec::new();
        let mut closing: Vec<Closing<'_>> = Vec::new();
        for (at, record) in records.iter().enumerate() {
            let mut run = lock(&record.run);
            let RunState::Running(live) = &mut *run else {
                continue;
            };
            if live.execution.is_finished() {
                let placeholder = RunState::Done(Closed {
                    status: ExecutionStatus::Failed,
                    stop_ms: record.start_ms,
                });
                if let RunState::Running(live) = std::mem::replace(&mut *run, placeholder) {
                    let saved = live.saved;
                    let finished = Arc::new(Finished::of(*live, record.start_ms));
                    closing.push((at, run, finished, saved));
                }
                continue;
            }
            if self.database.is_none() {
                continue;
            }
            // The children's first: a child's event taken is never later than the parent's
            // events taken after it.
            live.children.take(&live.execution);
            let mut new = live.execution.history_since(live.saved);
            // An end is written with the execution's record, once its run ended.
            if let Some(end) = new
                .iter()
                .position(|e| Finished::of_terminal_event(e).is_some())
            {
                new.truncate(end);
            }
            let taken = live.children.unsaved.len();
            if new.is_empty() && taken == 0 {
                continue;
            }
            counts.push((at, live.saved + new.len(), taken));
            events.push((Arc::clone(&record.arn), live.saved, new));
            children.push((Arc::clone(&record.arn), live.children.unsaved.clone()));
        }
        let held = self.archive.unwritten();
        let (writes, dones): (Vec<_>, Vec<_>) = writes.into_iter().unzip();
        let outcome = match &self.database {
            None => Ok(vec![Ok(()); writes.len()]),
            Some(database) => database.transaction(|tx| {
                let mut answers = Vec::with_capacity(writes.len());
                for write in writes {
                    tx.execute_batch("SAVEPOINT call")?;
                    match write(tx) {
                        Ok(()) => {
                            tx.execute_batch("RELEASE call")?;
                            answers.push(Ok(()));
                        }
                        Err(e) => {
                            tx.execute_batch("ROLLBACK TO call; RELEASE call")?;
                            answers.push(Err(e.to_string()));
                        }
                    }
                }
                write::events(tx, &events, &children)?;
                write::tokens(tx, &tokens)?;
                for (at, _, finished, saved) in &closing {
                    write::result(tx, &records[*at].arn, finished, *saved)?;
                }
                for (arn, finished) in &held {
                    write::result(tx, arn, finished, 0)?;
                }
                Ok(answers)
            }),
        };
        let written = outcome.is_ok();
        match outcome {
            Ok(answers) => {
                for (done, answer) in dones.iter().zip(answers) {
                    done.tell(answer);
                }
                for (at, saved, taken) in counts {
                    if let RunState::Running(live) = &mut *lock(&records[at].run) {
                        live.saved = live.saved.max(saved);
                        let taken = taken.min(live.children.unsaved.len());
                        live.children.unsaved.drain(..taken);
                    }
                }
                for (arn, _) in &held {
                    self.archive.written(arn);
                }
            }
            Err(e) => {
                let why = e.to_string();
                eprintln!("workflow serve: a batch of writes failed (tried again): {why}");
                for done in &dones {
                    done.tell(Err(why.clone()));
                }
                if !last {
                    self.writer.again(executions.keys().cloned(), tokens);
                }
            }
        }
        // The ends this batch wrote (or holds, when it failed) are described so from now on.
        // (A deletion waiting for one of them is finished before the next call is answered,
        // `Service::finish_deletions`: the writer takes no lock a caller may hold while it
        // waits for the writer, the store's among them.)
        for (at, mut run, finished, _) in closing {
            // Filed away before it reads ended (its run's lock held meanwhile): a reader that
            // finds it ended finds its result and its Map Runs too.
            let closed = finished.closed();
            self.file_away(&records[at], finished, written);
            *run = RunState::Done(closed);
            drop(run);
            self.pushed().forget(&records[at].arn);
            lock(&self.running).shift_remove(&records[at].arn);
        }
        for done in flushes {
            done.tell(if written {
                Ok(())
            } else {
                Err("the batch of writes failed".into())
            });
        }
    }

    /// Files away an execution that ended: its result in the archive (held there until the
    /// database has it, when its batch failed; its tokens with it), its Map Runs indexed.
    fn file_away(&self, record: &ExecutionRecord, finished: Arc<Finished>, written: bool) {
        let index = super::database::map_run_index(&finished.map_runs);
        self.archive.keep(&record.arn, finished, written);
        if !index.is_empty() {
            lock(&self.map_run_index).add(&record.arn, index);
        }
    }
}
