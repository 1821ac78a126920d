//! An activity worker for production: polls `GetActivityTask`, runs a typed handler on each
//! task (several at once), beats while it works, answers with `SendTaskSuccess` or
//! `SendTaskFailure`, backs off on throttling and network errors, and shuts down gracefully:
//! a poll in flight is finished (the service may already have handed it a task) and every task
//! taken is answered before [`ActivityWorker::run_until`] returns. No task is dropped silently.

use super::tasks::ActivityRef;
use super::{Client, Error, Result};
use crate::engine::ActivityTask;
use crate::engine::TaskFailure;
use futures::FutureExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;
use workflow_aws_models::TaskToken;

/// The error a task fails with when its input does not fit the handler's input type.
pub const INPUT_MISMATCH: &str = "ActivityWorker.InputMismatch";
/// The error a task fails with when the handler's output cannot be sent (not JSON, or over
/// 256 KiB).
pub const INVALID_OUTPUT: &str = "ActivityWorker.InvalidOutput";
/// The error a task fails with when its handler panicked.
pub const HANDLER_PANICKED: &str = "ActivityWorker.HandlerPanicked";

/// The shortest and longest pause after a failed poll (doubling in between).
const BACKOFF_MIN: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(20);
/// How many times an answer is sent before the worker gives up on it.
const ANSWER_ATTEMPTS: u32 = 5;

/// What a worker did, returned when it stops.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkerReport {
    /// Tasks taken.
    pub tasks: u64,
    /// Tasks answered with `SendTaskSuccess`.
    pub succeeded: u64,
    /// Tasks answered with `SendTaskFailure` (the handler's failure, an input that did not
    /// fit, an output that could not be sent, a panic).
    pub failed: u64,
    /// Tasks the service closed while the handler worked (a heartbeat answered
    /// `TaskTimedOut`): the handler was stopped, nothing was sent.
    pub closed: u64,
    /// Tasks whose answer could not be delivered after every attempt (the service will time
    /// them out; each is logged to standard error with its token).
    pub unanswered: u64,
    /// Polls that failed and were retried after a pause.
    pub poll_errors: u64,
}

/// A worker for one activity; see [`ActivityRef::worker`].
#[must_use = "a worker does nothing until it runs"]
pub struct ActivityWorker<I, O, F> {
    activity: ActivityRef,
    handler: Arc<F>,
    name: String,
    concurrency: usize,
    heartbeat: Option<Duration>,
    types: PhantomData<fn(I) -> O>,
}

impl<I, O, F> std::fmt::Debug for ActivityWorker<I, O, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActivityWorker")
            .field("activity", &self.activity.arn())
            .field("name", &self.name)
            .field("concurrency", &self.concurrency)
            .field("heartbeat", &self.heartbeat)
            .finish_non_exhaustive()
    }
}

impl ActivityRef {
    /// A worker running `handler` on this activity's tasks: the task's input decoded as `I`,
    /// the handler's `O` sent as the task's output, its [`TaskFailure`] as the task's error
    /// and cause (what the state's `Retry` and `Catch` see).
    ///
    /// ```no_run
    /// use serde::{Deserialize, Serialize};
    /// use workflow_runtime::client::Client;
    /// use workflow_runtime::engine::TaskFailure;
    ///
    /// #[derive(Deserialize)]
    /// struct Review { doc: u32 }
    /// #[derive(Serialize)]
    /// struct Verdict { approved: bool }
    ///
    /// # async fn demo() -> Result<(), workflow_runtime::client::Error> {
    /// let client = Client::from_env().await;
    /// let activity = client.create_activity("Review").await?;
    /// let report = activity
    ///     .worker(|review: Review| async move {
    ///         if review.doc == 0 {
    ///             return Err(TaskFailure::new("Review.Empty", "document 0 is empty"));
    ///         }
    ///         Ok(Verdict { approved: true })
    ///     })
    ///     .name("reviewer-1")
    ///     .concurrency(4)
    ///     .heartbeat(std::time::Duration::from_secs(10))
    ///     .run_until(async { let _ = tokio::signal::ctrl_c().await; })
    ///     .await?;
    /// println!("{} tasks, {} succeeded", report.tasks, report.succeeded);
    /// # Ok(()) }
    /// ```
    pub fn worker<I, O, F, Fut>(&self, handler: F) -> ActivityWorker<I, O, F>
    where
        I: DeserializeOwned + Send + 'static,
        O: Serialize + Send + 'static,
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<O, TaskFailure>> + Send + 'static,
    {
        ActivityWorker {
            activity: self.clone(),
            handler: Arc::new(handler),
            name: format!("workflow-worker-{}", std::process::id()),
            concurrency: 1,
            heartbeat: None,
            types: PhantomData,
        }
    }

    /// [`ActivityRef::worker`] for the activity Task `task` (a constant `workflow!` emits):
    /// the handler is typed by what the state sends and what the states after it read, and it
    /// beats every half of the state's `HeartbeatSeconds` when the state writes one
    /// ([`ActivityWorker::heartbeat`] changes that).
    pub fn worker_for<Req, Resp, Kind: crate::task_kind::ActivityTask, F, Fut>(
        &self,
        task: crate::TaskRef<Req, Resp, Kind>,
        handler: F,
    ) -> ActivityWorker<Req, Resp, F>
    where
        Req: DeserializeOwned + Send + 'static,
        Resp: Serialize + Send + 'static,
        F: Fn(Req) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<Resp, TaskFailure>> + Send + 'static,
    {
        let worker = self.worker(handler);
        match task.heartbeat_seconds {
            Some(seconds) => worker.heartbeat(Duration::from_millis(seconds.saturating_mul(500))),
            None => worker,
        }
    }
}

impl<I, O, F, Fut> ActivityWorker<I, O, F>
where
    I: DeserializeOwned + Send + 'static,
    O: Serialize + Send + 'static,
    F: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = std::result::Result<O, TaskFailure>> + Send + 'static,
{
    /// The worker's name in the execution's history (`ActivityStarted`'s `workerName`);
    /// `workflow-worker-<pid>` unless given.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// How many tasks it runs at once (1 unless given; 0 counts as 1). It polls only when it
    /// has room for a task.
    pub fn concurrency(mut self, tasks: usize) -> Self {
        self.concurrency = tasks.max(1);
        self
    }

    /// Sends `SendTaskHeartbeat` every `interval` while a handler works: set it below the
    /// state's `HeartbeatSeconds` (the service does not tell workers that value). A heartbeat
    /// answered `TaskTimedOut` stops the handler.
    pub fn heartbeat(mut self, interval: Duration) -> Self {
        self.heartbeat = Some(interval);
        self
    }

    /// Polls and works until `shutdown` completes, then finishes the poll in flight and every
    /// task taken, and returns what it did. An error that polling again cannot cure (the
    /// activity does not exist, access is denied, the request is invalid) stops it the same
    /// way and is returned.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<WorkerReport> {
        let mut report = WorkerReport::default();
        let permits = Arc::new(tokio::sync::Semaphore::new(self.concurrency));
        let mut running = tokio::task::JoinSet::new();
        let mut shutdown = std::pin::pin!(shutdown.fuse());
        let mut stopping = false;
        let mut backoff = BACKOFF_MIN;
        let mut fatal = None;
        while !stopping {
            // Room for a task first: a task is never taken that cannot start at once.
            let permit = tokio::select! {
                () = &mut shutdown => break,
                permit = Arc::clone(&permits).acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
            };
            while let Some(done) = running.try_join_next() {
                tally(&mut report, done);
            }
            let mut poll = std::pin::pin!(self.activity.get_task(self.name.as_str()));
            let polled = tokio::select! {
                polled = &mut poll => polled,
                () = &mut shutdown => {
                    // The service may already have handed this poll a task: finish it.
                    stopping = true;
                    poll.await
                }
            };
            match polled {
                Ok(Some(task)) => {
                    backoff = BACKOFF_MIN;
                    report.tasks += 1;
                    let client = self.activity.client.clone();
                    let handler = Arc::clone(&self.handler);
                    let heartbeat = self.heartbeat;
                    running.spawn(async move {
                        let outcome =
                            work::<I, O, F, Fut>(&client, &handler, task, heartbeat).await;
                        drop(permit);
                        outcome
                    });
                }
                Ok(None) => backoff = BACKOFF_MIN,
                Err(e) if is_fatal(&e) => {
                    fatal = Some(e);
                    break;
                }
                Err(e) => {
                    report.poll_errors += 1;
                    eprintln!(
                        "activity worker {}: polling {} failed ({e}); again in {backoff:?}",
                        self.name,
                        self.activity.arn()
                    );
                    drop(permit);
                    tokio::select! {
                        () = &mut shutdown => stopping = true,
                        () = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
            }
        }
        while let Some(done) = running.join_next().await {
            tally(&mut report, done);
        }
        match fatal {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }
}

/// How one task ended.
enum Outcome {
    Succeeded,
    Failed,
    Closed,
    Unanswered,
}

fn tally(report: &mut WorkerReport, done: std::result::Result<Outcome, tokio::task::JoinError>) {
    match done {
        Ok(Outcome::Succeeded) => report.succeeded += 1,
        Ok(Outcome::Failed) => report.failed += 1,
        Ok(Outcome::Closed) => report.closed += 1,
        // A task's future catches its handler's panics; a join error is the runtime's.
        Ok(Outcome::Unanswered) | Err(_) => report.unanswered += 1,
    }
}

/// Errors that polling again cannot cure.
fn is_fatal(e: &Error) -> bool {
    matches!(
        e,
        Error::DoesNotExist(_)
            | Error::AccessDenied(_)
            | Error::InvalidArn(_)
            | Error::InvalidRequest(_)
            | Error::Config(_)
    )
}

/// Runs the handler on one task, beating meanwhile, and answers it.
async fn work<I, O, F, Fut>(
    client: &Client,
    handler: &F,
    task: ActivityTask,
    heartbeat: Option<Duration>,
) -> Outcome
where
    I: DeserializeOwned,
    O: Serialize,
    F: Fn(I) -> Fut,
    Fut: Future<Output = std::result::Result<O, TaskFailure>>,
{
    let token = &task.task_token;
    let input: I = match workflow_local_engine::typed_request::decode(task.input) {
        Ok(input) => input,
        Err(misfit) => {
            let cause = format!("the task's input does not fit the handler's request: {misfit}");
            return fail(client, token, INPUT_MISMATCH, &cause).await;
        }
    };
    let mut handled = std::pin::pin!(AssertUnwindSafe(handler(input)).catch_unwind());
    let result = loop {
        let Some(interval) = heartbeat else {
            break handled.await;
        };
        tokio::select! {
            result = &mut handled => break result,
            () = tokio::time::sleep(interval) => {
                // A lost heartbeat is not fatal (the next one may arrive in time); a closed
                // task is.
                if let Err(Error::TaskClosed(_)) = client.send_task_heartbeat(token).await {
                    return Outcome::Closed;
                }
            }
        }
    };
    match result {
        Ok(Ok(output)) => match serde_json::to_value(&output) {
            Ok(output) => answer(client, token, Answer::Success(&output)).await,
            Err(e) => {
                let cause = format!("the handler's output is not JSON: {e}");
                fail(client, token, INVALID_OUTPUT, &cause).await
            }
        },
        Ok(Err(failure)) => {
            answer(
                client,
                token,
                Answer::Failure(failure.error.as_str(), &failure.cause),
            )
            .await
        }
        Err(panic) => {
            let message = workflow_local_engine::panic_message(&*panic)
                .unwrap_or_else(|| "the handler panicked".to_owned());
            fail(client, token, HANDLER_PANICKED, &message).await
        }
    }
}

/// What a task is answered with.
enum Answer<'a> {
    Success(&'a serde_json::Value),
    Failure(&'a str, &'a str),
}

async fn fail(client: &Client, token: &TaskToken, error: &str, cause: &str) -> Outcome {
    answer(client, token, Answer::Failure(error, cause)).await
}

/// Sends the answer, again after a pause when the service throttles or cannot be reached.
async fn answer(client: &Client, token: &TaskToken, answer: Answer<'_>) -> Outcome {
    let mut pause = BACKOFF_MIN;
    for attempt in 1..=ANSWER_ATTEMPTS {
        let sent = match &answer {
            Answer::Success(output) => client.send_task_success(token, output).await,
            Answer::Failure(error, cause) => {
                client
                    .send_task_failure(token)
                    .error(*error)
                    .cause(*cause)
                    .send()
                    .await
            }
        };
        match sent {
            Ok(()) => {
                return match answer {
                    Answer::Success(_) => Outcome::Succeeded,
                    Answer::Failure(..) => Outcome::Failed,
                };
            }
            Err(Error::TaskClosed(_)) => return Outcome::Closed,
            // An output over the limit: the task fails with why, instead of timing out.
            Err(Error::TooLarge { bytes, limit, .. }) => {
                let cause = format!(
                    "the handler's output is {bytes} bytes; Step Functions accepts at most {limit}"
                );
                return Box::pin(fail(client, token, INVALID_OUTPUT, &cause)).await;
            }
            Err(e @ (Error::Throttling(_) | Error::Transport { .. } | Error::Service(_)))
                if attempt < ANSWER_ATTEMPTS =>
            {
                eprintln!("activity worker: answering a task failed ({e}); again in {pause:?}");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(BACKOFF_MAX);
            }
            Err(e) => {
                eprintln!("activity worker: the task {token} could not be answered: {e}");
                return Outcome::Unanswered;
            }
        }
    }
    Outcome::Unanswered
}
