//! The queue of the service's one writer (a group commit): what calls and running executions
//! ask to be written, taken a batch at a time by the writer's thread (`commits`), which writes
//! a batch in one transaction and then tells every caller waiting on it. A call that changed
//! state waits for its [`Ticket`] (a future: no thread waits) before it answers: a 200 means
//! written.
//!
//! What a batch holds, in the order it was queued: the calls' writes ([`Writer::submit`]: a
//! machine, a heartbeat...), executions' starts ([`Writer::start`]: the row, after which the
//! writer follows the run's events) and ends ([`Writer::end`]: the rest of the history and the
//! record, after which it follows the run no more); then the events the followed runs wrote
//! since the last batch ([`Writer::mark`] when a run wrote some, [`Writer::flush`] for a caller
//! who waits for them), and the task tokens issued. Many callers arriving while a batch is
//! written share the next one: one transaction, one commit, for all of them.
//!
//! Without a database there is nothing to write: every ticket is ready at once.

use super::database::DatabaseError;
use super::locks::lock;
use super::protocol::ApiError;
use super::records::{ExecutionRecord, Finished};
use indexmap::IndexSet;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use workflow_aws_models::{StatesArn, TaskToken};

/// A write on the batch's transaction (its own savepoint: a write that fails fails alone).
pub(crate) type Write = Box<dyn FnOnce(&rusqlite::Connection) -> Result<(), DatabaseError> + Send>;

/// How a write ended: committed, or why not.
pub(crate) type Outcome = Result<(), String>;

/// What a caller waits for: its write (or the events it asked to be written) committed, or why
/// not. A future: the caller holds no thread while it waits.
#[must_use = "a call that changed state answers once its ticket says it was written"]
pub(crate) struct Ticket {
    outcome: Option<oneshot::Receiver<Outcome>>,
}

impl Ticket {
    /// Nothing to wait for (a service without a database writes nothing).
    pub(crate) fn ready() -> Ticket {
        Ticket { outcome: None }
    }

    /// Already failed, with `why`.
    pub(crate) fn failed(why: impl Into<String>) -> Ticket {
        let (tell, outcome) = oneshot::channel();
        let _ = tell.send(Err(why.into()));
        Ticket {
            outcome: Some(outcome),
        }
    }

    /// A ticket and the sender the writer tells its outcome on.
    fn new() -> (oneshot::Sender<Outcome>, Ticket) {
        let (tell, outcome) = oneshot::channel();
        (
            tell,
            Ticket {
                outcome: Some(outcome),
            },
        )
    }

    /// Waits until the write is committed (or failed).
    pub(crate) async fn written(self) -> Result<(), ApiError> {
        let Some(outcome) = self.outcome else {
            return Ok(());
        };
        match outcome.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(why)) => Err(ApiError::internal(format!("not written: {why}"))),
            Err(_) => Err(ApiError::internal("not written: workflow serve stopped")),
        }
    }
}

/// A write queued for the next batch, in the order it came.
pub(crate) enum Queued {
    /// A call's write.
    Write(Write, oneshot::Sender<Outcome>),
    /// An execution started (or redriven): its row, then its run's events from `from` on, in
    /// the same batch and every batch after, until its end is written.
    Start {
        write: Write,
        record: Arc<ExecutionRecord>,
        from: usize,
        done: oneshot::Sender<Outcome>,
    },
    /// An execution ended: the rest of its events and its record ([`Finished`]), in one
    /// savepoint; its run is followed no more once that is written.
    End {
        record: Arc<ExecutionRecord>,
        finished: Arc<Finished>,
        done: oneshot::Sender<Outcome>,
    },
    /// The run of `record`, whose row the database holds (resumed after a restart), is
    /// followed from its `from`th event on.
    Follow {
        record: Arc<ExecutionRecord>,
        from: usize,
    },
    /// The start of `arn` is undone (its row was not written): its run is followed no more.
    Forget(Arc<StatesArn>),
}

/// The writer's queue.
pub(crate) struct Writer {
    queue: Mutex<Queue>,
    wake: Condvar,
    /// Whether there is a database: without one nothing is written, and every ticket is ready
    /// at once.
    keeps: bool,
}

#[derive(Default)]
struct Queue {
    queued: Vec<Queued>,
    /// Executions whose new events are to be written.
    dirty: IndexSet<Arc<StatesArn>>,
    /// Who waits for those executions' events.
    flushes: Vec<oneshot::Sender<Outcome>>,
    /// Task tokens issued, with their execution.
    tokens: Vec<(TaskToken, Arc<StatesArn>)>,
    /// No batch before this (the last one failed: the writer waits before it tries again).
    not_before: Option<Instant>,
    /// The service stops: one last batch of what is queued, then the writer ends.
    last: bool,
    /// The writer ended: nothing more is taken.
    closed: bool,
}

/// One batch: everything queued when the writer took it.
pub(crate) struct Batch {
    pub queued: Vec<Queued>,
    pub dirty: IndexSet<Arc<StatesArn>>,
    pub flushes: Vec<oneshot::Sender<Outcome>>,
    pub tokens: Vec<(TaskToken, Arc<StatesArn>)>,
    /// The last one before the writer ends.
    pub last: bool,
}

/// How long the writer waits before it tries again after a batch failed (a full disk).
pub(crate) const RETRY: Duration = Duration::from_millis(250);

impl Writer {
    /// The queue of a service with a database (`keeps`) or without.
    pub(crate) fn new(keeps: bool) -> Writer {
        Writer {
            queue: Mutex::default(),
            wake: Condvar::new(),
            keeps,
        }
    }

    /// Queues `queued`, made with the ticket's sender, unless the writer stopped.
    fn queue(&self, make: impl FnOnce(oneshot::Sender<Outcome>) -> Queued) -> Ticket {
        if !self.keeps {
            return Ticket::ready();
        }
        let (tell, ticket) = Ticket::new();
        let mut queue = lock(&self.queue);
        if queue.closed || queue.last {
            return Ticket::failed("workflow serve is stopping");
        }
        queue.queued.push(make(tell));
        drop(queue);
        self.wake.notify_one();
        ticket
    }

    /// Queues `write` for the next batch; its ticket says when it is committed.
    pub(crate) fn submit(&self, write: Write) -> Ticket {
        self.queue(|done| Queued::Write(write, done))
    }

    /// Queues the row of `record`, started (or redriven), and follows its run's events from
    /// the `from`th on: its row and the events its run wrote by the batch are one
    /// transaction.
    pub(crate) fn start(&self, write: Write, record: &Arc<ExecutionRecord>, from: usize) -> Ticket {
        let record = Arc::clone(record);
        self.queue(|done| Queued::Start {
            write,
            record,
            from,
            done,
        })
    }

    /// Queues the end of `record`, its run ended as `finished`: the events not written yet and
    /// its record, in one savepoint of the next batch.
    pub(crate) fn end(&self, record: &Arc<ExecutionRecord>, finished: &Arc<Finished>) -> Ticket {
        let (record, finished) = (Arc::clone(record), Arc::clone(finished));
        self.queue(|done| Queued::End {
            record,
            finished,
            done,
        })
    }

    /// The start of `arn` was not written, and is undone: its run is followed no more.
    pub(crate) fn forget(&self, arn: &Arc<StatesArn>) {
        self.queue_quietly(Queued::Forget(Arc::clone(arn)));
    }

    /// Follows the run of `record`, whose row the database holds (resumed), from its `from`th
    /// event on: its events are written as it writes them.
    pub(crate) fn follow(&self, record: &Arc<ExecutionRecord>, from: usize) {
        self.queue_quietly(Queued::Follow {
            record: Arc::clone(record),
            from,
        });
    }

    /// Queues `queued`, which nobody waits for.
    fn queue_quietly(&self, queued: Queued) {
        if !self.keeps {
            return;
        }
        let mut queue = lock(&self.queue);
        if queue.closed {
            return;
        }
        queue.queued.push(queued);
        drop(queue);
        self.wake.notify_one();
    }

    /// Queues the events the run of `arn` wrote for the next batch; the ticket says when
    /// every event its run held now is committed.
    pub(crate) fn flush(&self, arn: &Arc<StatesArn>) -> Ticket {
        if !self.keeps {
            return Ticket::ready();
        }
        let (tell, ticket) = Ticket::new();
        let mut queue = lock(&self.queue);
        if queue.closed {
            return Ticket::failed("workflow serve is stopping");
        }
        queue.dirty.insert(Arc::clone(arn));
        queue.flushes.push(tell);
        drop(queue);
        self.wake.notify_one();
        ticket
    }

    /// Queues the events of the run of `arn` for the next batch, with nobody waiting: a run
    /// wrote events.
    pub(crate) fn mark(&self, arn: &Arc<StatesArn>) {
        if !self.keeps {
            return;
        }
        let mut queue = lock(&self.queue);
        if queue.closed || !queue.dirty.insert(Arc::clone(arn)) {
            return;
        }
        drop(queue);
        self.wake.notify_one();
    }

    /// Queues the task token `token`, which the execution `arn` issued, for the next batch.
    pub(crate) fn token(&self, token: &TaskToken, arn: &Arc<StatesArn>) {
        if !self.keeps {
            return;
        }
        let mut queue = lock(&self.queue);
        if queue.closed {
            return;
        }
        queue.tokens.push((token.clone(), Arc::clone(arn)));
        drop(queue);
        self.wake.notify_one();
    }

    /// The next batch, waiting (on the writer's own thread) for something to write; `None`
    /// once the writer ended.
    pub(crate) fn next_batch(&self) -> Option<Batch> {
        let mut queue = lock(&self.queue);
        loop {
            if queue.closed {
                return None;
            }
            let pending = !queue.queued.is_empty()
                || !queue.dirty.is_empty()
                || !queue.tokens.is_empty()
                || !queue.flushes.is_empty();
            let wait = queue
                .not_before
                .and_then(|at| at.checked_duration_since(Instant::now()));
            match (pending || queue.last, wait) {
                (true, None) => {
                    queue.not_before = None;
                    let last = queue.last;
                    if last {
                        queue.closed = true;
                    }
                    return Some(Batch {
                        queued: std::mem::take(&mut queue.queued),
                        dirty: std::mem::take(&mut queue.dirty),
                        flushes: std::mem::take(&mut queue.flushes),
                        tokens: std::mem::take(&mut queue.tokens),
                        last,
                    });
                }
                (true, Some(wait)) => {
                    queue = self
                        .wake
                        .wait_timeout(queue, wait)
                        .map(|(q, _)| q)
                        .unwrap_or_else(|p| p.into_inner().0);
                }
                (false, _) => {
                    queue = self.wake.wait(queue).unwrap_or_else(|p| p.into_inner());
                }
            }
        }
    }

    /// A batch failed: its executions' events and its tokens are queued again (nobody waits for
    /// them any more), and the next batch waits [`RETRY`].
    pub(crate) fn again(
        &self,
        dirty: impl IntoIterator<Item = Arc<StatesArn>>,
        tokens: Vec<(TaskToken, Arc<StatesArn>)>,
    ) {
        let mut queue = lock(&self.queue);
        if queue.closed {
            return;
        }
        queue.dirty.extend(dirty);
        queue.tokens.extend(tokens);
        queue.not_before = Some(Instant::now() + RETRY);
    }

    /// The service stops: the writer takes one last batch (of everything queued, and of the
    /// running executions the caller marks now) and ends; no write is taken any more.
    pub(crate) fn last(&self, running: impl IntoIterator<Item = Arc<StatesArn>>) {
        let mut queue = lock(&self.queue);
        queue.dirty.extend(running);
        queue.last = true;
        queue.not_before = None;
        drop(queue);
        self.wake.notify_all();
    }

    /// The writer ends at once (the service is dropped): what is queued is not written, and
    /// who waits for it is told.
    pub(crate) fn close(&self) {
        let mut queue = lock(&self.queue);
        queue.closed = true;
        let stopped = || Err("workflow serve stopped".to_owned());
        for queued in queue.queued.drain(..) {
            match queued {
                Queued::Write(_, done) | Queued::Start { done, .. } | Queued::End { done, .. } => {
                    let _ = done.send(stopped());
                }
                Queued::Forget(_) | Queued::Follow { .. } => {}
            }
        }
        for done in queue.flushes.drain(..) {
            let _ = done.send(stopped());
        }
        drop(queue);
        self.wake.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_execution_arn as arn;

    #[test]
    fn callers_arriving_while_a_batch_is_written_share_the_next_and_each_is_told() {
        let writer = Writer::new(true);
        let tickets: Vec<Ticket> = (0..3)
            .map(|_| writer.submit(Box::new(|_| Ok(()))))
            .collect();
        writer.mark(&arn("a"));
        writer.mark(&arn("a"));
        writer.token(&TaskToken::parse("t").expect("a token"), &arn("a"));
        let batch = writer.next_batch().expect("a batch");
        assert_eq!(batch.queued.len(), 3);
        assert_eq!(batch.dirty.len(), 1, "one execution marked twice");
        assert_eq!(batch.tokens.len(), 1);
        for queued in batch.queued {
            if let Queued::Write(_, done) = queued {
                let _ = done.send(Ok(()));
            }
        }
        for ticket in tickets {
            futures::executor::block_on(ticket.written()).expect("written");
        }
        // A failed batch: queued again, after a pause.
        writer.again([arn("a")], Vec::new());
        let began = Instant::now();
        let again = writer.next_batch().expect("the retry");
        assert!(began.elapsed() >= RETRY - Duration::from_millis(5));
        assert_eq!(again.dirty.len(), 1);
        // The last batch, then nothing.
        writer.last([arn("b")]);
        let last = writer.next_batch().expect("the last batch");
        assert!(last.last);
        assert_eq!(last.dirty.len(), 1);
        assert!(writer.next_batch().is_none());
        assert!(
            futures::executor::block_on(writer.submit(Box::new(|_| Ok(()))).written()).is_err()
        );
    }

    #[test]
    fn a_ticket_is_a_future_told_by_the_writers_thread() {
        let writer = Arc::new(Writer::new(true));
        let ticket = writer.submit(Box::new(|_| Ok(())));
        let telling = Arc::clone(&writer);
        let teller = std::thread::spawn(move || {
            let batch = telling.next_batch().expect("a batch");
            for queued in batch.queued {
                if let Queued::Write(_, done) = queued {
                    let _ = done.send(Err("disk full".into()));
                }
            }
        });
        let outcome = futures::executor::block_on(ticket.written());
        teller.join().expect("told");
        assert!(outcome.unwrap_err().message.contains("disk full"));
        // Without a database there is nothing to wait for.
        assert!(
            futures::executor::block_on(Writer::new(false).submit(Box::new(|_| Ok(()))).written())
                .is_ok()
        );
    }
}
