//! `.waitForTaskToken` callbacks answered by the test, on a running execution.
//!
//! [`crate::StartExecution::start`] runs an execution as a task of the caller's runtime (`super::task`) and hands back a
//! [`RunningExecution`]. A Task whose resource ends in `.waitForTaskToken` makes its service
//! call (the registered handler, if any, is called and its response dropped, as the service
//! drops the response of the call that carries the token) and then waits until the test
//! answers its token with [`RunningExecution::send_task_success`], `send_task_failure` or
//! `send_task_heartbeat`, the names of `SendTaskSuccess`, `SendTaskFailure` and
//! `SendTaskHeartbeat`.
//!
//! Time is the test's to give: while tasks wait, virtual time stands still until the test
//! calls [`RunningExecution::advance`]; a task whose `TimeoutSeconds` or `HeartbeatSeconds`
//! (counted from its start or its last heartbeat) passes fails with `States.Timeout` (AWS
//! reports an expired heartbeat so too; a Catcher naming `States.HeartbeatTimeout` catches it)
//! and a `TaskTimedOut` event, and its token is closed (`TaskTimedOut` to a later answer).
//!
//! Never a hang: [`crate::RunningExecution::wait`] says the test will answer nothing more. Every
//! waiting task then runs on the virtual clock to its first deadline and times out; a task
//! with neither `TimeoutSeconds` nor `HeartbeatSeconds` would wait forever on the service,
//! so `wait` returns [`EngineError::Stalled`] naming it. [`RunningExecution::next_task`]
//! returns `None` rather than blocking once the execution can make no progress without the
//! test (on the virtual clock: every strand waits for a callback and no handler runs).

use super::handlers::Handler;
use crate::core::host::TaskContext;
use crate::core::task_outcome::{TaskFailure, TaskOutput};
use crate::{Engine, EngineError, Execution, RunningExecution};
use futures::task::ArcWake;
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tokio::sync::{Notify, mpsc};
use workflow_asl::ErrorName;
use workflow_aws_models::{Resource, StatesArn, TaskToken};

/// A task waiting for its callback (or, for an activity, taken by a worker).
#[derive(Clone, Debug, PartialEq)]
pub struct WaitingTask {
    /// The task token (`$$.Task.Token`).
    pub task_token: TaskToken,
    /// The Task state's name.
    pub state: String,
    /// The state's `Resource`.
    pub resource: Resource,
    /// What the task sent: its `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated,
    /// where the definition passed `$$.Task.Token`.
    pub input: Value,
}

/// Why a `SendTask*` call is refused, as the service refuses it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// `InvalidToken`: the token is not one the engine could have issued.
    #[error("InvalidToken: The provided token is not valid.")]
    InvalidToken,
    /// `TaskDoesNotExist`: a well-formed token that no task of this execution was given.
    #[error("TaskDoesNotExist: no task of this execution has the token `{0}`")]
    TaskDoesNotExist(TaskToken),
    /// `TaskTimedOut`: the task already ended (answered, timed out, or its execution ended).
    #[error(
        "TaskTimedOut: The task token has either expired or the task associated with the token has already been closed."
    )]
    TaskTimedOut,
    /// `InvalidOutput`: the output is not JSON (or nests deeper than JSON may).
    #[error("InvalidOutput: The provided JSON output data is not valid.")]
    InvalidOutput,
    /// `ValidationException`: the output is longer than the API model's 262,144 (bytes of
    /// UTF-8: the service's 256 KiB payload limit, "256 KiB of data as a UTF-8 encoded
    /// string", Step Functions' quotas); the number is its length.
    #[error(
        "ValidationException: 1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144 (it is {0} bytes)"
    )]
    OutputTooLong(usize),
    /// `ResourceNotFound`: no Map Run of the execution with this ARN is running.
    #[error("ResourceNotFound: Resource not found: '{0}'")]
    MapRunNotRunning(Box<StatesArn>),
}

/// What became of an answer a host handed to a running execution
/// ([`RunningExecution::answer_recorded`](crate::RunningExecution::answer_recorded)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerOutcome {
    /// Its event is in the execution's history (the task's end, or a worker's start).
    Recorded,
    /// No event will ever record it: the execution ended (`StopExecution`, its timeout, a
    /// failure elsewhere) before its task took it, or the task ended otherwise first. Its
    /// token is closed: answered now, it is `TaskTimedOut`.
    Discarded,
}

/// What the test (or the clock) answered a waiting task. Each answer's `after_ms` is the test's
/// time from where the task's strand stood when it began to wait ([`Pending::waits_from`]) to
/// the answer: what the strand's clock moves by.
pub(crate) enum Answer {
    /// `SendTaskSuccess`, `after_ms` after the task began to wait.
    Success { output: Value, after_ms: i64 },
    /// `SendTaskFailure`.
    Failure {
        error: Option<ErrorName>,
        cause: Option<String>,
        after_ms: i64,
    },
    /// A deadline passed.
    TimedOut { error: ErrorName, after_ms: i64 },
    /// A worker took the activity task (`GetActivityTask`).
    Started {
        worker_name: Option<String>,
        after_ms: i64,
    },
    /// No answer will ever come.
    Stalled,
}

/// Where the event an answer makes will be written: the history of the execution (`None`) or
/// of the child of one of its Distributed Maps the task runs in, and the id of the event it
/// follows on the task's chain (its `previousEventId`).
pub(crate) type Point = (Option<Arc<StatesArn>>, u64);

/// A task waiting in the hub.
pub(super) struct Pending {
    pub(super) task: WaitingTask,
    pub(super) answer: mpsc::UnboundedSender<Answer>,
    /// The test's virtual time when the task started, and at its last heartbeat: what its
    /// deadlines count from.
    pub(super) since: i64,
    pub(super) beat: i64,
    /// The test's time its strand's clock stood at when it began to wait: what its answers'
    /// `after_ms` count from, as the strand's clock moves on from there. Its start for a new
    /// task; for a task resumed on the wall clock, the time of its strand's last recorded
    /// event (its submission, its worker's start), which may be later than its recorded start
    /// (counted from that, the answer would put the strand ahead of the wall clock by the
    /// difference, and the run would sleep it away before writing the answer's event).
    pub(super) waits_from: i64,
    pub(super) timeout_ms: Option<i64>,
    pub(super) heartbeat_ms: Option<i64>,
    /// For an activity: its ARN, and whether a worker took it.
    pub(super) activity: Option<String>,
    pub(super) started: bool,
    /// Where the event its next answer makes follows (see [`Point`]).
    pub(super) point: Point,
}

impl Pending {
    /// The first deadline (test time) and the error it raises.
    fn deadline(&self) -> Option<(i64, ErrorName)> {
        let timeout = self
            .timeout_ms
            .map(|t| (self.since + t, ErrorName::Timeout));
        let beating = self.activity.is_none() || self.started;
        let heartbeat = self
            .heartbeat_ms
            .filter(|_| beating)
            .map(|h| (self.beat + h, ErrorName::HeartbeatTimeout));
        match (timeout, heartbeat) {
            (Some(t), Some(h)) => Some(if h.0 < t.0 { h } else { t }),
            (t, h) => t.or(h),
        }
    }
}

/// What the test and the execution share, every task keyed by its token.
#[derive(Default)]
pub(super) struct HubState {
    pub(super) pending: IndexMap<TaskToken, Pending>,
    /// Tokens of tasks that ended.
    pub(super) closed: HashSet<TaskToken>,
    /// Callback tasks in order of arrival, and how many `next_task` returned.
    pub(super) arrivals: Vec<WaitingTask>,
    pub(super) returned: usize,
    /// The virtual time the test let pass, in milliseconds.
    pub(super) offset_ms: i64,
    /// The test called `wait`: no answer will come any more.
    pub(super) closing: bool,
    /// Handlers running.
    pub(super) busy: usize,
    pub(super) finished: bool,
    /// Tasks that would have waited forever.
    pub(super) stalled: Vec<WaitingTask>,
    /// `StopExecution`'s error and cause, once it was called.
    pub(super) stop: Option<(Option<String>, Option<String>)>,
    /// The cause the execution fails with (`States.Runtime`) at its next state transition,
    /// once [`RunningExecution::fail_at_next_transition`] was called.
    pub(super) fail_at_transition: Option<String>,
    /// The Map Runs in progress, by ARN.
    pub(super) map_runs: IndexMap<StatesArn, crate::core::live_map_run::LiveMapRun>,
    /// With answers confirmed ([`crate::StartExecution::confirm_answers`]): the answers handed
    /// over (an answer, a worker's start) whose event is not written yet, by the point their
    /// event follows, and by token ([`RunningExecution::answer_recorded`] waits for a token
    /// to leave `unrecorded`).
    pub(super) answering: HashMap<Point, TaskToken>,
    pub(super) unrecorded: HashSet<TaskToken>,
    /// The answers handed over whose event will never be written: the execution ended (a
    /// stop, a timeout, a failure elsewhere) before its task took them, or the task ended
    /// otherwise first. [`RunningExecution::answer_recorded`] says so once, and forgets it.
    pub(super) discarded: HashSet<TaskToken>,
    /// Callback tokens issued whose task does not wait yet (its request in flight), with the
    /// answer that came meanwhile: AWS takes a token once issued, and the task takes that
    /// answer once it waits ([`Hub::register`]).
    pub(super) issued: HashMap<TaskToken, Option<Answer>>,
}

/// An answer a client gives a task: `SendTaskSuccess`, `SendTaskFailure`, `SendTaskHeartbeat`.
pub(super) enum Given {
    Success(Value),
    Failure(Option<ErrorName>, Option<String>),
    Heartbeat,
}

impl Given {
    /// The answer it gives a task `after_ms` after the task started; none for a heartbeat,
    /// which ends nothing.
    fn into_answer(self, after_ms: i64) -> Option<Answer> {
        match self {
            Given::Success(output) => Some(Answer::Success { output, after_ms }),
            Given::Failure(error, cause) => Some(Answer::Failure {
                error,
                cause,
                after_ms,
            }),
            Given::Heartbeat => None,
        }
    }
}

impl HubState {
    /// Ends the task `token` with `answer`.
    pub(super) fn close(&mut self, token: &TaskToken, answer: impl FnOnce(&Pending) -> Answer) {
        if let Some(p) = self.pending.shift_remove(token) {
            // The receiver is gone only when the execution ended; nothing to tell then.
            let _ = p.answer.send(answer(&p));
            self.closed.insert(token.clone());
        }
    }

    /// Fires every deadline up to the test's time `now`.
    pub(super) fn fire_deadlines(&mut self, now: i64) {
        let due: Vec<(TaskToken, i64, ErrorName)> = self
            .pending
            .iter()
            .filter_map(|(token, p)| {
                p.deadline()
                    .filter(|(at, _)| *at <= now)
                    .map(|(at, error)| (token.clone(), at - p.waits_from, error))
            })
            .collect();
        for (token, after_ms, error) in due {
            self.close(&token, |_| Answer::TimedOut { error, after_ms });
        }
    }

    /// After `wait`: every task times out at its first deadline, or stalls.
    pub(super) fn give_up(&mut self) {
        let tokens: Vec<TaskToken> = self.pending.keys().cloned().collect();
        for token in tokens {
            let deadline = self
                .pending
                .get(&token)
                .and_then(|p| p.deadline().map(|(at, e)| (at - p.waits_from, e)));
            match deadline {
                Some((after_ms, error)) => {
                    self.close(&token, |_| Answer::TimedOut { error, after_ms })
                }
                None => {
                    if let Some(p) = self.pending.get(&token) {
                        self.stalled.push(p.task.clone());
                    }
                    self.close(&token, |_| Answer::Stalled);
                }
            }
        }
    }
}

/// Where waiting tasks meet the test's answers. Waiting is Tokio's: whoever waits for the
/// state to change waits on `changed` ([`Hub::until`], [`Hub::when`]), the execution's future
/// is woken for `StopExecution` by `stopping`, and each waiting task reads its answers from a
/// channel of its own.
pub(crate) struct Hub {
    state: Mutex<HubState>,
    /// Told of every change of the state, to each caller waiting for one.
    changed: Notify,
    /// Told once `StopExecution` was called, to the execution's future ([`Settling`]).
    pub(super) stopping: Arc<Notify>,
    /// How many times the execution's future was woken; wakes come while the state is locked
    /// (an answer sent wakes its task), so they are counted outside it. With `parked_at`,
    /// what says the run is settled: parked with nothing woken since ([`Hub::settled`]).
    wakes: AtomicU64,
    /// The wake count when the future last parked with nothing woken during its poll.
    parked_at: AtomicU64,
    /// The execution's Map Runs that ended, as they ended: shared with its run
    /// (`MapRuns::finished`), so that a stopped execution, whose run is dropped, has them too.
    pub(crate) ended_map_runs: crate::core::map_run::EndedMapRuns,
    /// The execution's history as its run writes it, shared with the run (held once): what
    /// a running or stopped execution shows.
    pub(crate) log: crate::core::event_log::EventLog,
    /// Whether the events of its Distributed Maps' children are kept for the starter.
    pub(crate) keeps_child_events: bool,
    /// Those events, by child ARN, not taken yet.
    child_events: Mutex<Vec<(Arc<StatesArn>, crate::execution::HistoryEvent)>>,
    /// The host told of each change ([`crate::StartExecution::on_change`]).
    pub(crate) on_change: Option<super::changes::OnChange>,
    /// With [`crate::StartExecution::wall_deadlines`]: the wall-clock instant of the test's
    /// time 0. Its time is then the wall clock's (at least), and a waiting task's deadline is a
    /// timer inside the execution's task ([`Hub::next_answer`]).
    /// On the engine's virtual clock, the test's time is that clock's.
    pub(crate) wall: Option<crate::core::clock::Stopwatch>,
    /// Whether the host waits for the events of the answers it hands over
    /// ([`crate::StartExecution::confirm_answers`]).
    pub(crate) confirms: bool,
    /// How many answers wait for their event (so that an event costs no lock otherwise).
    answering: AtomicU64,
    /// The last heartbeat of each task before the execution was resumed, as the host recorded
    /// it (token → wall-clock milliseconds; [`crate::StartExecution::recorded_heartbeats`]).
    pub(crate) recorded_beats: HashMap<String, i64>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            state: Mutex::default(),
            changed: Notify::new(),
            stopping: Arc::new(Notify::new()),
            wakes: AtomicU64::new(0),
            parked_at: AtomicU64::new(u64::MAX),
            ended_map_runs: Arc::default(),
            log: crate::core::event_log::EventLog::default(),
            keeps_child_events: false,
            child_events: Mutex::new(Vec::new()),
            on_change: None,
            wall: None,
            confirms: false,
            answering: AtomicU64::new(0),
            recorded_beats: HashMap::new(),
        }
    }
}

impl Hub {
    /// The execution can make no progress without the test (or has ended): its future is
    /// parked, nothing woke it since, and no handler runs. In real time, a strand sleeping in
    /// a Wait state or a retry interval counts as settled too.
    pub(super) fn settled(&self, state: &HubState) -> bool {
        state.finished
            || (state.busy == 0
                && self.parked_at.load(Ordering::SeqCst) == self.wakes.load(Ordering::SeqCst))
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, HubState> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        // On the wall clock, the test's time is never behind it.
        if let Some(wall) = &self.wall {
            state.offset_ms = state.offset_ms.max(wall.elapsed_millis());
        }
        state
    }

    /// Tells the host of a change, when it asked ([`crate::StartExecution::on_change`]).
    fn tell(&self, change: super::changes::Change<'_>) {
        if let Some(on_change) = &self.on_change {
            on_change(change);
        }
    }

    /// The next answer to the task `token`. On the wall clock
    /// ([`crate::StartExecution::wall_deadlines`]) its deadline is a timer here, inside the
    /// execution's task: when it comes, the task's deadlines fire (a heartbeat or a worker's
    /// start since moves it: the timer is set again).
    pub(super) async fn next_answer(
        &self,
        answers: &mut mpsc::UnboundedReceiver<Answer>,
        token: &TaskToken,
    ) -> Answer {
        loop {
            let due = match &self.wall {
                Some(wall) => self
                    .lock()
                    .pending
                    .get(token)
                    .and_then(Pending::deadline)
                    .map(|(at, _)| (wall, at)),
                None => None,
            };
            let Some((wall, due)) = due else {
                return answers.recv().await.unwrap_or(Answer::Stalled);
            };
            tokio::select! {
                answer = answers.recv() => return answer.unwrap_or(Answer::Stalled),
                () = wall.sleep_until_elapsed(due) => {
                    let mut state = self.lock();
                    let now = state.offset_ms;
                    state.fire_deadlines(now);
                    drop(state);
                    self.notify();
                }
            }
        }
    }

    /// Waits until `done` holds of the state (checked again at each change).
    pub(super) async fn until(&self, done: impl Fn(&HubState, &Hub) -> bool) {
        loop {
            // Registered before the state is read: a change after the read wakes it.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if done(&self.lock(), self) {
                return;
            }
            changed.await;
        }
    }

    /// Waits until `ready` holds or the execution settled, then applies `then` to the state.
    pub(super) async fn when<T>(
        &self,
        ready: impl Fn(&HubState) -> bool,
        then: impl FnOnce(&mut HubState) -> T,
    ) -> T {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            {
                let mut state = self.lock();
                if ready(&state) || self.settled(&state) {
                    return then(&mut state);
                }
            }
            changed.await;
        }
    }

    /// Tells whoever waits for the state ([`Hub::until`], [`Hub::when`]) that it changed.
    pub(super) fn notify(&self) {
        self.changed.notify_waiters();
    }

    /// Registers a waiting task; its answers come on the returned receiver. `execution_left_ms`
    /// is the time to the execution's own deadline: the task waits no longer than that either
    /// (its strand's clock then stops at the deadline, and the execution times out). `point`
    /// is where the event of its answer will follow, and `strand_millis` the time its strand's
    /// clock stands at (in milliseconds since the epoch). A resumed task (`recorded`, on the
    /// wall clock) keeps the deadlines its recorded start gives it: `TimeoutSeconds` from its
    /// recorded start, `HeartbeatSeconds` from its last heartbeat (the host's record of it),
    /// its worker's recorded start or its own start, not from the resume; its answers count
    /// from its strand's time ([`Pending::waits_from`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn register(
        &self,
        task: WaitingTask,
        (timeout, heartbeat): (Option<u64>, Option<u64>),
        execution_left_ms: Option<i64>,
        activity: Option<String>,
        started: bool,
        (point, strand_millis): (Point, i64),
        recorded: Option<&crate::core::prior::RecordedTask>,
    ) -> mpsc::UnboundedReceiver<Answer> {
        let (tx, rx) = mpsc::unbounded_channel();
        let millis = |s: u64| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX);
        let activity_told = activity.clone();
        let mut state = self.lock();
        let token = task.task_token.clone();
        if activity.is_none() {
            state.arrivals.push(task.clone());
        }
        let now = state.offset_ms;
        let (since, beat, waits_from) = self.recorded_times(&token, now, recorded, strand_millis);
        // The execution's deadline, on the test's time, caps the task's own.
        let execution_deadline = execution_left_ms.map(|left| now.saturating_add(left));
        let timeout_ms = match (timeout.map(millis), execution_deadline) {
            (Some(t), Some(e)) => Some(t.min(e - since)),
            (t, e) => t.or(e.map(|e| e - since)),
        };
        let early = (state.issued.remove(&token).flatten()).map(|answer| (answer, point.clone()));
        state.pending.insert(
            token.clone(),
            Pending {
                task,
                answer: tx,
                since,
                beat,
                waits_from,
                timeout_ms,
                heartbeat_ms: heartbeat.map(millis),
                activity,
                started,
                point,
            },
        );
        // Nobody will answer a task registered once the caller is waiting for the end; but a
        // stop asked for first ends the execution ABORTED, not stalled (a slow thread can
        // reach its first callback after `StopExecution` and the wait: `workflow serve`
        // stopping while the execution starts).
        // An answer that came between its token's issue and now ends it at once.
        if let Some((answer, point)) = early {
            state.close(&token, |_| answer);
            self.answering(&mut state, &token, point);
        }
        if state.closing && state.stop.is_none() {
            state.give_up();
        }
        self.notify();
        drop(state);
        self.tell(super::changes::Change::TaskWaiting {
            task_token: &token,
            activity: activity_told.as_deref(),
        });
        rx
    }

    /// When a task registered at the test's time `now` started, last beat and began to wait
    /// ([`Pending::waits_from`]), on the test's time: `now` for a new task; for a resumed one
    /// on the wall clock, its recorded start, its last heartbeat (recorded by the host), its
    /// worker's recorded start or its start, and the time of its strand's clock
    /// (`strand_millis`, at its last recorded event), never earlier than its start (all never
    /// later than `now`).
    fn recorded_times(
        &self,
        token: &TaskToken,
        now: i64,
        recorded: Option<&crate::core::prior::RecordedTask>,
        strand_millis: i64,
    ) -> (i64, i64, i64) {
        let (Some(wall), Some(recorded)) = (&self.wall, recorded) else {
            return (now, now, now);
        };
        let on_test_time = |wall_ms: i64| (wall_ms - wall.origin_millis()).min(now);
        let since = recorded.started_millis.map_or(now, on_test_time);
        let beat = [
            recorded.worker_millis,
            self.recorded_beats.get(token.as_str()).copied(),
        ]
        .into_iter()
        .flatten()
        .map(on_test_time)
        .fold(since, i64::max);
        (since, beat, on_test_time(strand_millis).max(since))
    }

    /// An answer to `token` was handed over, its event to follow `point`: noted when the host
    /// confirms answers.
    fn answering(&self, state: &mut HubState, token: &TaskToken, point: Point) {
        if self.confirms {
            state.answering.insert(point, token.clone());
            state.unrecorded.insert(token.clone());
            self.answering.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// The event `id` (following `previous`) was written to the history of the execution
    /// (`child` `None`) or of its child `child`: an answer waiting for it is recorded.
    pub(crate) fn event_written(&self, child: Option<&Arc<StatesArn>>, id: u64, previous: u64) {
        if self.answering.load(Ordering::SeqCst) == 0 {
            return;
        }
        let mut state = self.lock();
        let Some(token) = state.answering.remove(&(child.cloned(), previous)) else {
            return;
        };
        self.answering.fetch_sub(1, Ordering::SeqCst);
        if let Some(p) = state.pending.get_mut(&token) {
            // A worker's start: the task's answer follows its `ActivityStarted`.
            p.point = (child.cloned(), id);
        }
        state.unrecorded.remove(&token);
        drop(state);
        self.notify();
    }

    /// Wakes whoever waits for the history to grow ([`RunningExecution::history_reaches`]):
    /// the log grew.
    pub(crate) fn log_written(&self, id: u64, previous: u64) {
        if self.confirms {
            self.event_written(None, id, previous);
            self.notify();
        }
    }

    /// Takes the oldest activity task of `arn` that no worker took yet.
    pub(crate) async fn take_activity(
        &self,
        arn: &str,
        worker_name: Option<&str>,
    ) -> Option<WaitingTask> {
        let ready = |s: &HubState| {
            s.pending
                .values()
                .any(|p| !p.started && p.activity.as_deref() == Some(arn))
        };
        self.when(ready, |state| {
            let now = state.offset_ms;
            let p = state
                .pending
                .values_mut()
                .find(|p| !p.started && p.activity.as_deref() == Some(arn))?;
            p.started = true;
            p.beat = now;
            let _ = p.answer.send(Answer::Started {
                worker_name: worker_name.map(str::to_owned),
                after_ms: now - p.waits_from,
            });
            let (task, point) = (p.task.clone(), p.point.clone());
            self.answering(state, &task.task_token, point);
            Some(task)
        })
        .await
    }

    /// A Map Run started: `shown` is what it shows so far.
    pub(crate) fn map_run_started(&self, shown: crate::RunningMapRun) {
        self.lock().map_runs.insert(
            shown.arn.clone(),
            crate::core::live_map_run::LiveMapRun {
                shown,
                update: None,
                waker: None,
                histories: HashMap::new(),
            },
        );
    }

    /// The child `child` of the Map Run `arn` started (`None`) or ended with a status; one
    /// that started with its `history`, read from then on while the Map Run runs
    /// ([`crate::RunningExecution::child_history`]).
    pub(crate) fn map_run_child(
        &self,
        arn: &StatesArn,
        child: &StatesArn,
        ended: Option<&crate::execution::ExecutionStatus>,
        history: Option<&crate::core::event_log::EventLog>,
    ) {
        if let Some(run) = self.lock().map_runs.get_mut(arn) {
            run.child(child, ended);
            if let Some(history) = history {
                run.histories.insert(child.clone(), history.clone());
            }
        }
    }

    /// The history of `child`, a child execution of a Map Run in progress, shared with its
    /// run (or its Map Run's record of it, once it ended).
    pub(crate) fn child_history(
        &self,
        child: &StatesArn,
    ) -> Option<crate::core::event_log::EventLog> {
        self.lock()
            .map_runs
            .values()
            .find_map(|run| run.histories.get(child).cloned())
    }

    /// A Task's token was issued (before the event that shows it): the host is told
    /// ([`super::changes::Change::TokenIssued`]). A token that is no token (a mocked context's)
    /// is not: nothing can answer it.
    pub(crate) fn token_issued(&self, token: &str) {
        let Ok(task_token) = TaskToken::parse(token) else {
            return;
        };
        {
            let mut state = self.lock();
            if !state.pending.contains_key(&task_token) && !state.closed.contains(&task_token) {
                state.issued.entry(task_token.clone()).or_insert(None);
            }
        }
        self.tell(super::changes::Change::TokenIssued {
            task_token: &task_token,
        });
    }

    /// The Task of the issued token `token` ended, or its strand did, whatever answered it (its
    /// own wait, a mock, a handler, its record): a token whose task never waited is closed.
    pub(crate) fn token_closed(&self, token: &str) {
        let Ok(token) = TaskToken::parse(token) else {
            return;
        };
        let mut state = self.lock();
        if let Some(early) = state.issued.remove(&token) {
            state.closed.insert(token.clone());
            // An answer taken for it will have no event: it is discarded.
            if state.unrecorded.remove(&token) && early.is_some() {
                state.discarded.insert(token);
            }
            drop(state);
            self.notify();
        }
    }

    /// Whether the task `token` waits for its answer, or ended, or the run settled (it can
    /// make no progress without its caller: a token it issued and does not wait for will not
    /// be waited for until then).
    pub(super) fn task_waits(&self, state: &HubState, token: &TaskToken) -> bool {
        state.pending.contains_key(token) || state.closed.contains(token) || self.settled(state)
    }

    /// The Map Run `arn` ended: no longer running.
    pub(crate) fn map_run_ended(&self, arn: &StatesArn) {
        self.lock().map_runs.shift_remove(arn);
    }

    /// What the Map Run `arn` has to read besides its children: `Stop` once the execution was
    /// stopped, else an update not read yet; `Pending` (and the Map Run woken when one comes)
    /// when there is neither.
    pub(crate) fn poll_map_run_signal(
        &self,
        arn: &StatesArn,
        cx: &mut Context<'_>,
    ) -> Poll<crate::core::live_map_run::MapRunSignal> {
        let mut state = self.lock();
        let stopped = state.stop.is_some();
        let Some(run) = state.map_runs.get_mut(arn) else {
            return Poll::Pending;
        };
        if stopped {
            return Poll::Ready(crate::core::live_map_run::MapRunSignal::Stop);
        }
        match run.update.take() {
            Some(update) => Poll::Ready(crate::core::live_map_run::MapRunSignal::Update(update)),
            None => {
                run.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }

    /// Tells the host the run wrote an event (in [`Hub::log`], which the run shares).
    pub(crate) fn wrote(&self) {
        self.tell(super::changes::Change::Event);
        if self.confirms {
            self.notify();
        }
    }

    /// Keeps an event a child execution `arn` of the execution's Distributed Maps wrote, when
    /// the starter asked for them ([`crate::StartExecution::keep_child_events`]).
    pub(crate) fn record_child(
        &self,
        arn: &Arc<StatesArn>,
        event: &crate::execution::HistoryEvent,
    ) {
        if self.keeps_child_events {
            self.child_events
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((Arc::clone(arn), event.clone()));
            self.tell(super::changes::Change::Event);
        }
        self.event_written(Some(arn), event.id, event.previous_event_id);
    }

    /// The child executions' events kept since the last call, in the order written.
    pub(crate) fn take_child_events(
        &self,
    ) -> Vec<(Arc<StatesArn>, crate::execution::HistoryEvent)> {
        std::mem::take(&mut *self.child_events.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Now, in milliseconds since the epoch: the wall clock's, or the engine's virtual clock's.
    fn now_millis(&self) -> i64 {
        self.wall
            .as_ref()
            .map_or_else(crate::core::clock::wall_millis, |wall| {
                wall.origin_millis() + wall.elapsed_millis()
            })
    }

    /// The execution `StopExecution` ended, once it was called: the history so far and
    /// `ExecutionAborted`, and the Map Runs that ended.
    pub(super) fn aborted(&self) -> Option<Execution> {
        let state = self.lock();
        let (error, cause) = state.stop.clone()?;
        let mut history = self.log.since(0);
        let last = history
            .last()
            .map_or((0, 0), |e| (e.id, e.timestamp_millis));
        history.push(crate::execution::HistoryEvent {
            id: last.0 + 1,
            previous_event_id: last.0,
            timestamp_millis: last.1.max(self.now_millis()),
            kind: crate::execution::EventKind::ExecutionAborted {
                error: error.as_ref().map(ErrorName::from),
                cause: cause.clone(),
            },
        });
        Some(Execution {
            status: crate::execution::ExecutionStatus::Aborted,
            output: None,
            error: error.map(|e| ErrorName::from(e.as_str())),
            cause,
            states: Vec::new(),
            history,
            trace: Vec::new(),
            transitions: 0,
            map_runs: std::mem::take(
                &mut *self
                    .ended_map_runs
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()),
            )
            .into_iter()
            .map(Arc::unwrap_or_clone)
            .collect(),
        })
    }

    /// The cause the execution fails with at its next state transition, if it was asked to.
    pub(crate) fn failure_at_transition(&self) -> Option<String> {
        self.lock().fail_at_transition.clone()
    }

    /// Whether `StopExecution` was called.
    pub(super) fn stop_requested(&self) -> bool {
        self.lock().stop.is_some()
    }

    /// The wakers of the Map Runs in progress (each registered while it waits).
    fn map_run_wakers(&self) -> Vec<Waker> {
        self.lock()
            .map_runs
            .values_mut()
            .filter_map(|r| r.waker.take())
            .collect()
    }

    /// Called by the execution's waker: never takes the state's lock.
    fn woken(&self) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }

    fn parked(&self, wakes_before: u64) {
        let _state = self.lock();
        if self.wakes.load(Ordering::SeqCst) == wakes_before {
            self.parked_at.store(wakes_before, Ordering::SeqCst);
            self.notify();
        }
    }

    fn wakes(&self) -> u64 {
        self.wakes.load(Ordering::SeqCst)
    }

    fn set_busy(&self, more: bool) {
        let mut state = self.lock();
        if more {
            state.busy += 1;
        } else {
            state.busy = state.busy.saturating_sub(1);
        }
        self.notify();
    }

    fn finish(&self) {
        let mut state = self.lock();
        state.finished = true;
        let tokens: Vec<TaskToken> = state.pending.keys().cloned().collect();
        for token in tokens {
            state.close(&token, |_| Answer::Stalled);
        }
        // The answers handed over whose event the run did not write (it was stopped, or
        // ended otherwise, first) never will be.
        let unrecorded: Vec<TaskToken> = state.unrecorded.drain().collect();
        state.discarded.extend(unrecorded);
        state.answering.clear();
        self.answering.store(0, Ordering::SeqCst);
        self.notify();
    }

    /// Checks a token and applies `f` to its waiting task.
    pub(super) fn answer(&self, task_token: &TaskToken, given: Given) -> Result<(), CallbackError> {
        let token = task_token;
        if !well_formed(task_token) {
            return Err(CallbackError::InvalidToken);
        }
        let mut state = self.lock();
        let now = state.offset_ms;
        if let Some((point, waits_from)) = state
            .pending
            .get(token)
            .filter(|p| p.started || p.activity.is_none())
            .map(|p| (p.point.clone(), p.waits_from))
        {
            match given.into_answer(now - waits_from) {
                // It ends the task: its event is the answer's.
                Some(answer) => {
                    state.close(token, |_| answer);
                    self.answering(&mut state, token, point);
                }
                None => {
                    if let Some(p) = state.pending.get_mut(token) {
                        p.beat = now;
                    }
                }
            }
            self.notify();
            Ok(())
        } else if let Some(early) = state.issued.get_mut(token) {
            // Issued, its task not waiting yet: the answer waits for it (a second one finds
            // the task closed, as it would once the first was taken).
            if early.is_some() {
                return Err(CallbackError::TaskTimedOut);
            }
            let Some(answer) = given.into_answer(0) else {
                return Ok(());
            };
            *early = Some(answer);
            if self.confirms {
                state.unrecorded.insert(token.clone());
            }
            Ok(())
        } else if state.closed.contains(token) {
            Err(CallbackError::TaskTimedOut)
        } else {
            Err(CallbackError::TaskDoesNotExist(task_token.clone()))
        }
    }
}

/// Whether `token` has the shape of the engine's tokens (a UUID), as the service checks that a
/// token decodes before it looks it up.
pub fn well_formed(token: &TaskToken) -> bool {
    let token = token.as_str();
    token.len() == 36
        && token.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

impl Engine {
    /// Runs `spawned` as a task of `runtime` (the caller's), its handlers counted busy while
    /// they run, its callbacks waiting in a hub (see [`crate::StartExecution::start`]).
    pub(crate) fn spawn(
        &self,
        runtime: &tokio::runtime::Handle,
        spawned: crate::start::Spawned,
        on_end: Option<super::task::OnEnd>,
    ) -> RunningExecution {
        // On a virtual clock, the execution is the clock's participant from now: the clock
        // waits for its first poll before it lets time pass.
        let mut spawned = spawned;
        spawned.participation = spawned.engine.clock.as_ref().map(|c| c.participation());
        // Its log tells the host of each event once it holds it, and the hub, which waits for
        // the events of the answers it hands over.
        let on_change = spawned.on_change.clone();
        let hub = Arc::new_cyclic(|weak: &std::sync::Weak<Hub>| {
            let weak = weak.clone();
            let told = on_change.clone();
            let written: crate::core::event_log::Written = Arc::new(move |id, previous| {
                if let Some(on_change) = &told {
                    on_change(super::changes::Change::Event);
                }
                if let Some(hub) = weak.upgrade() {
                    hub.log_written(id, previous);
                }
            });
            Hub {
                log: crate::core::event_log::EventLog::telling(Some(written)),
                keeps_child_events: spawned.keep_child_events,
                on_change,
                // On a virtual clock the test's time is the clock's, with or without wall
                // deadlines asked for.
                wall: (spawned.wall_deadlines || spawned.participation.is_some())
                    .then(|| crate::core::clock::Stopwatch::start(spawned.engine.source())),
                confirms: spawned.confirm_answers,
                recorded_beats: spawned.recorded_beats.clone(),
                ..Hub::default()
            }
        });
        let counting = Arc::clone(&hub);
        spawned.engine.handlers = spawned
            .engine
            .handlers
            .map_all(move |h| counted(h, Arc::clone(&counting)));
        let task_hub = Arc::clone(&hub);
        // On a virtual clock, the execution is the clock's until its host was told of its end:
        // what the host does then (it writes the end another execution waits for) holds the
        // clock before the execution lets go of it.
        let on_end = match (on_end, spawned.participation.clone()) {
            (Some(on_end), Some(participation)) => Some(Box::new(move || {
                on_end();
                drop(participation);
            }) as super::task::OnEnd),
            (on_end, _) => on_end,
        };
        let task = super::task::spawn(
            runtime,
            async move { run_execution(&spawned, &task_hub).await },
            on_end,
        );
        RunningExecution {
            hub,
            task: Some(task),
        }
    }
}

/// A started execution's run, to its end.
async fn run_execution(
    spawned: &crate::start::Spawned,
    hub: &Arc<Hub>,
) -> Result<Execution, EngineError> {
    // Ends the hub even if the run panics, so that no test waits for it forever.
    struct FinishOnDrop<'h>(&'h Hub);
    impl Drop for FinishOnDrop<'_> {
        fn drop(&mut self) {
            self.0.finish();
        }
    }
    let finishing = FinishOnDrop(hub);
    let result = Settling {
        hub: Arc::clone(hub),
        started: false,
        stopping: Box::pin(Arc::clone(&hub.stopping).notified_owned()),
        stop_seen: false,
        inner: Box::pin(spawned.engine.launch(
            &spawned.compiled,
            spawned.input.clone(),
            spawned.launch(hub),
        )),
    }
    .await;
    drop(finishing);
    let (stalled, stopped) = {
        let mut state = hub.lock();
        (std::mem::take(&mut state.stalled), state.stop.is_some())
    };
    // A stopped execution ended as ABORTED: its tasks were closed, not stalled.
    if stalled.is_empty() || stopped {
        result
    } else {
        Err(EngineError::Stalled {
            waiting: stalled,
            execution: result.ok().map(Box::new),
        })
    }
}

/// A handler that counts itself busy while it runs.
fn counted(handler: Handler, hub: Arc<Hub>) -> Handler {
    Arc::new(move |call| {
        let guard = Busy::new(Arc::clone(&hub));
        let future = handler(call);
        Box::pin(async move {
            let result = future.await;
            drop(guard);
            result
        })
    })
}

/// Marks a handler running until dropped.
struct Busy(Arc<Hub>);

impl Busy {
    fn new(hub: Arc<Hub>) -> Self {
        hub.set_busy(true);
        Busy(hub)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.set_busy(false);
    }
}

/// Wraps the execution's future to tell the hub when it is parked with nothing woken, and to
/// end it when `StopExecution` is called.
struct Settling<'a> {
    hub: Arc<Hub>,
    /// Whether the run was polled: it wrote `ExecutionStarted`.
    started: bool,
    /// `StopExecution`'s notice ([`Hub::stopping`]), and whether it came.
    stopping: Pin<Box<tokio::sync::futures::OwnedNotified>>,
    stop_seen: bool,
    inner: Pin<Box<dyn Future<Output = Result<Execution, EngineError>> + Send + 'a>>,
}

/// Forwards a wake to the runtime after telling the hub.
struct Wake {
    hub: Arc<Hub>,
    outer: Mutex<Waker>,
}

impl ArcWake for Wake {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        arc_self.hub.woken();
        arc_self
            .outer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .wake_by_ref();
    }
}

impl Future for Settling<'_> {
    type Output = Result<Execution, EngineError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Woken by `StopExecution` (the wait registered at each poll until it came).
        if !self.stop_seen && self.stopping.as_mut().poll(cx).is_ready() {
            self.stop_seen = true;
        }
        let wake = Arc::new(Wake {
            hub: Arc::clone(&self.hub),
            outer: Mutex::new(cx.waker().clone()),
        });
        let waker = futures::task::waker(wake);
        // A stop is honoured once the run has started, so that the stopped execution's history
        // begins with `ExecutionStarted` (as a redrive needs it), however soon after the start
        // the stop came.
        let stopped = self.started && self.hub.stop_requested();
        if stopped {
            // The Map Runs in progress end first, woken and polled once more: each stops its
            // children and records itself ABORTED (`MapRunAborted`); then nothing of the
            // execution runs any more.
            let wakers = self.hub.map_run_wakers();
            if !wakers.is_empty() {
                wakers.into_iter().for_each(Waker::wake);
                let _ = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
            }
        }
        if stopped && let Some(aborted) = self.hub.aborted() {
            return Poll::Ready(Ok(aborted));
        }
        let before = self.hub.wakes();
        let polled = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        self.started = true;
        if polled.is_pending() {
            // A stop that came before the first poll is honoured at the next.
            if self.hub.stop_requested() {
                waker.wake_by_ref();
            }
            self.hub.parked(before);
        }
        polled
    }
}

/// A `.waitForTaskToken` task: makes the service call (a handler's response is dropped), then
/// waits for the test's answer or a deadline.
pub(crate) async fn await_callback(
    hub: &Hub,
    handlers: &super::handlers::Handlers,
    child: Option<Arc<StatesArn>>,
    mut cx: TaskContext<'_, '_, '_>,
) -> Result<TaskOutput, TaskFailure> {
    let (node, resource, parameters) = (cx.task.node, cx.task.resource, cx.task.parameters.clone());
    let (timeout, heartbeat) = (cx.task.timeout, cx.task.heartbeat);
    let token = match cx.task.token.clone() {
        Some(t) => t,
        None => cx.token("callback"),
    };
    // The engine's tokens are UUIDs (or, resumed, read back from its history): always tokens.
    let token = TaskToken::parse(&token)
        .map_err(|e| TaskFailure::new(ErrorName::Runtime, e.to_string()))?;
    // The service call that carries the token: its response is `TaskSubmitted`'s output
    // (without a handler no call is made, and the response is `{}`). A resumed task whose
    // submission was recorded made its call before: it is not made again.
    let recorded = cx.task.recorded.as_ref().and_then(|r| r.submitted.clone());
    let response = match recorded {
        Some(response) => response,
        None if handlers
            .find(
                &node.name,
                resource,
                &parameters,
                super::handlers::Lookup {
                    region: cx.region(),
                    callback: true,
                },
            )
            .is_some() =>
        {
            handlers
                .call(&mut cx, parameters.clone(), Some(token.clone()), None, true)
                .await?
                .value
        }
        None => Value::Object(serde_json::Map::new()),
    };
    cx.submitted(response)
        .map_err(|f| TaskFailure::new(f.error, f.cause))?;
    let token_waited = token.clone();
    let task = WaitingTask {
        task_token: token,
        state: node.name.to_string(),
        resource: resource.clone(),
        input: parameters,
    };
    let left = cx.remaining_millis();
    let point = ((child, cx.last_event()), cx.now_millis());
    let mut answers = hub.register(
        task,
        (timeout, heartbeat),
        left,
        None,
        false,
        point,
        cx.task.recorded.as_ref(),
    );
    let answer = hub.next_answer(&mut answers, &token_waited).await;
    answer_to_result(answer, 0, &mut cx).map(TaskOutput::from)
}

/// The task's result for an answer, with the virtual time it took (less `counted_ms`, the
/// part already on the strand's clock) added to the strand's clock; the task's failure for a
/// failure.
pub(crate) fn answer_to_result(
    answer: Answer,
    counted_ms: i64,
    cx: &mut TaskContext<'_, '_, '_>,
) -> Result<Value, TaskFailure> {
    let wait = |ms: i64| Duration::from_millis(u64::try_from(ms - counted_ms).unwrap_or(0));
    match answer {
        Answer::Success { output, after_ms } => {
            cx.advance(wait(after_ms));
            Ok(output)
        }
        Answer::Failure {
            error,
            cause,
            after_ms,
        } => {
            cx.advance(wait(after_ms));
            Err(TaskFailure::answered(error, cause))
        }
        Answer::TimedOut { error, after_ms } => {
            cx.advance(wait(after_ms));
            Err(TaskFailure::new(error, String::new()))
        }
        Answer::Started { .. } | Answer::Stalled => {
            Err(TaskFailure::new(ErrorName::Runtime, STALLED_CAUSE))
        }
    }
}

/// The cause of the (uncatchable) failure of a task that would wait forever.
pub(crate) const STALLED_CAUSE: &str = "the task waits for a callback that the test will not send, and has no TimeoutSeconds or HeartbeatSeconds";
