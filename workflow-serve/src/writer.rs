//! The queue of the service's one writer (a group commit): what calls and running executions
//! ask to be written, taken a batch at a time by the writer's thread (`commits`), which
//! writes a batch in one transaction and then tells every caller waiting on it. A call that
//! changed state waits for its [`Ticket`] before it answers: a 200 means written.
//!
//! What a batch holds: the writes calls submitted ([`Writer::submit`]: a machine, a start, a
//! heartbeat...), the executions whose new events (or whose end) are to be written
//! ([`Writer::flush`] for a caller who waits, [`Writer::mark`] for a run that wrote events or
//! ended), and the task tokens issued since the last batch. Many callers arriving while a
//! batch is written share the next one: one transaction, one commit, for all of them.

use super::locks::lock;
use super::protocol::ApiError;
use super::records::ExecutionRecord;
use indexmap::IndexMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use workflow_aws_models::{StatesArn, TaskToken};

/// A write on the batch's transaction (its own savepoint: a write that fails fails alone).
pub(crate) type Write =
    Box<dyn FnOnce(&rusqlite::Connection) -> Result<(), super::database::DatabaseError> + Send>;

/// What a caller waits for: its write (or the events it asked to be written) committed, or why
/// not. Waited for on a thread ([`Ticket::wait_blocking`]) or as a future ([`Ticket::wait`]).
#[must_use = "a call that changed state answers once its ticket says it was written"]
pub(crate) struct Ticket {
    done: Option<Arc<Done>>,
}

/// Where a batch leaves a ticket's outcome.
#[derive(Default)]
pub(crate) struct Done {
    outcome: Mutex<Option<Result<(), String>>>,
    ready: Condvar,
    notify: tokio::sync::Notify,
}

impl Done {
    /// Tells the waiter the outcome (once).
    pub fn tell(&self, outcome: Result<(), String>) {
        let mut slot = lock(&self.outcome);
        if slot.is_none() {
            *slot = Some(outcome);
        }
        drop(slot);
        self.ready.notify_all();
        self.notify.notify_waiters();
    }

    fn outcome(&self) -> Option<Result<(), ApiError>> {
        lock(&self.outcome)
            .clone()
            .map(|o| o.map_err(|e| ApiError::internal(format!("not written: {e}"))))
    }
}

impl Ticket {
    /// Nothing to wait for (a service without a database wrote nothing).
    pub fn ready() -> Ticket {
        Ticket { done: None }
    }

    /// Already failed, with `why`.
    pub fn failed(why: impl Into<String>) -> Ticket {
        let done = Arc::new(Done::default());
        done.tell(Err(why.into()));
        Ticket { done: Some(done) }
    }

    /// Waits on this thread until the write is committed (or failed).
    pub fn wait_blocking(&self) -> Result<(), ApiError> {
        let Some(done) = &self.done else {
            return Ok(());
        };
        let mut slot = lock(&done.outcome);
        loop {
            if let Some(outcome) = slot.clone() {
                return outcome.map_err(|e| ApiError::internal(format!("not written: {e}")));
            }
            slot = done.ready.wait(slot).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Waits (a future: no thread held) until the write is committed (or failed).
    pub async fn wait(self) -> Result<(), ApiError> {
        let Some(done) = self.done else {
            return Ok(());
        };
        loop {
            let notified = done.notify.notified();
            tokio::pin!(notified);
            // Registered before the outcome is read: a batch ending after the read wakes it.
            notified.as_mut().enable();
            if let Some(outcome) = done.outcome() {
                return outcome;
            }
            notified.await;
        }
    }
}

/// The writer's queue.
pub(crate) struct Writer {
    queue: Mutex<Queue>,
    wake: Condvar,
    /// Whether there is a database: without one a write is done as it is submitted (there is
    /// nothing to write), and only executions' ends are taken in batches.
    keeps: bool,
}

#[derive(Default)]
struct Queue {
    writes: Vec<(Write, Arc<Done>)>,
    /// Executions whose events (or end) are to be written: by ARN, with the record when the
    /// caller had it (one not yet among the running executions).
    executions: IndexMap<Arc<StatesArn>, Option<Arc<ExecutionRecord>>>,
    /// Who waits for those executions' events.
    flushes: Vec<Arc<Done>>,
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
    pub writes: Vec<(Write, Arc<Done>)>,
    pub executions: IndexMap<Arc<StatesArn>, Option<Arc<ExecutionRecord>>>,
    pub flushes: Vec<Arc<Done>>,
    pub tokens: Vec<(TaskToken, Arc<StatesArn>)>,
    /// The last one before the writer ends.
    pub last: bool,
}

/// How long the writer waits before it tries again after a batch failed (a full disk).
pub const RETRY: Duration = Duration::from_millis(250);

impl Writer {
    /// The queue of a service with a database (`keeps`) or without.
    pub fn new(keeps: bool) -> Writer {
        Writer {
            queue: Mutex::default(),
            wake: Condvar::new(),
            keeps,
        }
    }

    /// Queues `write` for the next batch; its ticket says when it is committed.
    pub fn submit(&self, write: Write) -> Ticket {
        self.queue_write(write, None)
    }

    /// Queues `write` and the events of `record` (see [`Writer::flush`]) for the same batch:
    /// one transaction carries both (a start and its first events; a redrive's record and its
    /// `ExecutionRedriven`).
    pub fn submit_flushing(&self, write: Write, record: &Arc<ExecutionRecord>) -> Ticket {
        self.queue_write(write, Some(record))
    }

    /// Queues `write`, and the events of `record` when given, for the next batch.
    fn queue_write(&self, write: Write, record: Option<&Arc<ExecutionRecord>>) -> Ticket {
        if !self.keeps {
            return Ticket::ready();
        }
        let done = Arc::new(Done::default());
        let mut queue = lock(&self.queue);
        if queue.closed || queue.last {
            return Ticket::failed("workflow serve is stopping");
        }
        queue.writes.push((write, Arc::clone(&done)));
        if let Some(record) = record {
            queue
                .executions
                .insert(Arc::clone(&record.arn), Some(Arc::clone(record)));
        }
        drop(queue);
        self.wake.notify_one();
        Ticket { done: Some(done) }
    }

    /// Queues the events of `record` (running, or ended: then its end) for the next batch;
    /// the ticket says when every event its run held now is committed (or its end is).
    pub fn flush(&self, record: &Arc<ExecutionRecord>) -> Ticket {
        let done = Arc::new(Done::default());
        let mut queue = lock(&self.queue);
        if queue.closed {
            return Ticket::failed("workflow serve is stopping");
        }
        queue
            .executions
            .insert(Arc::clone(&record.arn), Some(Arc::clone(record)));
        queue.flushes.push(Arc::clone(&done));
        drop(queue);
        self.wake.notify_one();
        Ticket { done: Some(done) }
    }

    /// Queues the events (or the end) of the running execution `arn` for the next batch, with
    /// nobody waiting: a run wrote events, or ended.
    pub fn mark(&self, arn: &Arc<StatesArn>) {
        let mut queue = lock(&self.queue);
        if queue.closed || queue.executions.contains_key(&**arn) {
            return;
        }
        queue.executions.insert(Arc::clone(arn), None);
        drop(queue);
        self.wake.notify_one();
    }

    /// Queues the task token `token`, which the execution `arn` issued, for the next batch.
    pub fn token(&self, token: &TaskToken, arn: &Arc<StatesArn>) {
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

    /// The next batch, waiting for something to write; `None` once the writer ended.
    pub fn next_batch(&self) -> Option<Batch> {
        let mut queue = lock(&self.queue);
        loop {
            if queue.closed {
                return None;
            }
            let pending = !queue.writes.is_empty()
                || !queue.executions.is_empty()
                || !queue.tokens.is_empty();
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
                        writes: std::mem::take(&mut queue.writes),
                        executions: std::mem::take(&mut queue.executions),
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
    pub fn again(
        &self,
        executions: impl IntoIterator<Item = Arc<StatesArn>>,
        tokens: Vec<(TaskToken, Arc<StatesArn>)>,
    ) {
        let mut queue = lock(&self.queue);
        if queue.closed {
            return;
        }
        for arn in executions {
            queue.executions.entry(arn).or_insert(None);
        }
        queue.tokens.extend(tokens);
        queue.not_before = Some(Instant::now() + RETRY);
    }

    /// The service stops: the writer takes one last batch (of everything queued, and of the
    /// running executions the caller marks now) and ends; no write is taken any more.
    pub fn last(&self, running: impl IntoIterator<Item = Arc<StatesArn>>) {
        let mut queue = lock(&self.queue);
        for arn in running {
            queue.executions.entry(arn).or_insert(None);
        }
        queue.last = true;
        queue.not_before = None;
        drop(queue);
        self.wake.notify_all();
    }

    /// The writer ends at once (the service is dropped): what is queued is not written, and
    /// who waits for it is told.
    pub fn close(&self) {
        let mut queue = lock(&self.queue);
        queue.closed = true;
        for (_, done) in queue.writes.drain(..) {
            done.tell(Err("workflow serve stopped".into()));
        }
        for done in queue.flushes.drain(..) {
            done.tell(Err("workflow serve stopped".into()));
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
        assert_eq!(batch.writes.len(), 3);
        assert_eq!(batch.executions.len(), 1, "one execution marked twice");
        assert_eq!(batch.tokens.len(), 1);
        for (_, done) in &batch.writes {
            done.tell(Ok(()));
        }
        for ticket in &tickets {
            ticket.wait_blocking().expect("written");
        }
        // A failed batch: queued again, after a pause.
        writer.again([arn("a")], Vec::new());
        let began = Instant::now();
        let again = writer.next_batch().expect("the retry");
        assert!(began.elapsed() >= RETRY - Duration::from_millis(5));
        assert_eq!(again.executions.len(), 1);
        // The last batch, then nothing.
        writer.last([arn("b")]);
        let last = writer.next_batch().expect("the last batch");
        assert!(last.last);
        assert_eq!(last.executions.len(), 1);
        assert!(writer.next_batch().is_none());
        assert!(writer.submit(Box::new(|_| Ok(()))).wait_blocking().is_err());
    }

    #[test]
    fn a_ticket_is_a_future_too() {
        let writer = Arc::new(Writer::new(true));
        let ticket = writer.submit(Box::new(|_| Ok(())));
        let telling = Arc::clone(&writer);
        let teller = std::thread::spawn(move || {
            let batch = telling.next_batch().expect("a batch");
            for (_, done) in batch.writes {
                done.tell(Err("disk full".into()));
            }
        });
        let outcome = futures::executor::block_on(ticket.wait());
        teller.join().expect("told");
        assert!(outcome.unwrap_err().message.contains("disk full"));
        // Without a database there is nothing to wait for.
        assert!(
            futures::executor::block_on(Writer::new(false).submit(Box::new(|_| Ok(()))).wait())
                .is_ok()
        );
    }
}
