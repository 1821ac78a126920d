//! [`RunningExecution`]: an execution started as a task of the caller's runtime
//! ([`StartExecution::start`](crate::StartExecution::start)), whose `.waitForTaskToken`
//! callbacks and activities the caller answers (see `super::callbacks` for the rules of time
//! and deadlines). Its methods that wait for the execution to settle are async; code that is
//! not async waits through [`crate::blocking::RunningExecution`].

use super::callbacks::{AnswerOutcome, CallbackError, Given, Hub, WaitingTask};
use crate::core::task_outcome::TaskFailure;
use crate::{EngineError, Execution};
use serde_json::Value;
use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use workflow_asl::ErrorName;
use workflow_aws_models::{StatesArn, TaskToken};

/// A Map Run of a running execution as it is now ([`RunningExecution::map_run_now`]).
#[derive(Clone, Debug)]
pub enum CurrentMapRun {
    /// In progress: what it shows so far.
    Running(Box<crate::RunningMapRun>),
    /// Ended: its record.
    Ended(Arc<crate::MapRun>),
}

/// An execution running as a task of the caller's runtime, answering the test's `SendTask*`
/// calls. Dropped before it ended, it is told that no more answers come (its waiting tasks
/// time out at their deadlines, as [`RunningExecution::wait`] says) and runs to its end on its
/// own, as a dropped Tokio `JoinHandle`'s task does; it is never waited for on the dropping
/// thread, which may be one of the runtime's.
pub struct RunningExecution {
    pub(super) hub: Arc<Hub>,
    /// The run, a task of the caller's runtime ([`super::task`]).
    pub(super) task: Option<super::task::Task<Result<Execution, EngineError>>>,
}

impl std::fmt::Debug for RunningExecution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningExecution").finish_non_exhaustive()
    }
}

impl RunningExecution {
    /// The next task that waits for a callback and that this method has not returned yet, in
    /// the order they started; `None` once the execution ended or can make no progress
    /// without the test.
    pub fn next_task(&self) -> impl Future<Output = Option<WaitingTask>> + Send + 'static + use<> {
        let hub = Arc::clone(&self.hub);
        async move {
            let ready = |s: &super::callbacks::HubState| s.returned < s.arrivals.len();
            hub.when(ready, |state| {
                let task = state.arrivals.get(state.returned).cloned()?;
                state.returned += 1;
                Some(task)
            })
            .await
        }
    }

    /// The tasks waiting for a callback now (after the execution settled), in order.
    pub fn waiting_tasks(&self) -> impl Future<Output = Vec<WaitingTask>> + Send + 'static + use<> {
        let hub = Arc::clone(&self.hub);
        async move {
            hub.when(
                |_| false,
                |state| {
                    state
                        .pending
                        .values()
                        .filter(|p| p.activity.is_none() || p.started)
                        .map(|p| p.task.clone())
                        .collect()
                },
            )
            .await
        }
    }

    /// The Map Runs in progress now (after the execution settled), as `DescribeMapRun` shows
    /// them.
    pub fn map_runs(
        &self,
    ) -> impl Future<Output = Vec<crate::RunningMapRun>> + Send + 'static + use<> {
        let hub = Arc::clone(&self.hub);
        async move {
            hub.when(
                |_| false,
                |state| state.map_runs.values().map(|r| r.shown.clone()).collect(),
            )
            .await
        }
    }

    /// The Distributed Maps' Map Runs as they are now, without waiting for the execution to
    /// settle: what finds the Map Run a child belongs to while the execution is busy (a Task
    /// whose handler runs for minutes, or that calls back into the service asking).
    pub fn map_runs_now(&self) -> Vec<crate::RunningMapRun> {
        self.hub
            .lock()
            .map_runs
            .values()
            .map(|r| r.shown.clone())
            .collect()
    }

    /// The Map Run `arn` of one of the execution's Distributed Maps as it is now, in progress
    /// or ended, without waiting for the execution to settle: `None` when the execution did
    /// not start it (a Map Run of one of its children's Distributed Maps is the child's). A
    /// Map Run that ends is found at every moment, in progress until it is among the ended
    /// ones.
    pub fn map_run_now(&self, arn: &StatesArn) -> Option<CurrentMapRun> {
        let state = self.hub.lock();
        if let Some(run) = state.map_runs.get(arn) {
            return Some(CurrentMapRun::Running(Box::new(run.shown.clone())));
        }
        // Kept among the ended ones before it left those in progress (under the state's lock).
        let ended = self
            .hub
            .ended_map_runs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|run| run.arn == *arn)
            .cloned();
        drop(state);
        ended.map(CurrentMapRun::Ended)
    }

    /// The Map Runs of the execution's Distributed Maps that ended so far, in the order they
    /// ended, without waiting for the execution to settle.
    pub fn ended_map_runs_now(&self) -> Vec<Arc<crate::MapRun>> {
        self.hub
            .ended_map_runs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// `UpdateMapRun`: changes the `MaxConcurrency` or tolerated failures of the Map Run
    /// `arn` while it runs; it reads them at once. `ResourceNotFound` when no Map Run of this
    /// execution with that ARN is running.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::{Engine, MapRunUpdate, blocking};
    ///
    /// // A Distributed Map whose children, one at a time, wait for a callback.
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Each", "States": {"Each": {
    ///     "Type": "Map", "MaxConcurrency": 1, "End": true,
    ///     "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    ///       "StartAt": "Ask", "States": {"Ask": {"Type": "Task", "End": true,
    ///         "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    ///         "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}}}}}}}"#)
    ///     .unwrap();
    /// let running = blocking::start(Engine::new().machine(&machine).input(json!([1, 2, 3]))).unwrap();
    /// assert_eq!(running.waiting_tasks().len(), 1);
    /// let map_run = running.map_runs()[0].arn.clone();
    /// running
    ///     .update_map_run(&map_run, MapRunUpdate::new().max_concurrency(3))
    ///     .unwrap();
    /// assert_eq!(running.waiting_tasks().len(), 3);
    /// ```
    pub fn update_map_run(
        &self,
        arn: &StatesArn,
        update: crate::MapRunUpdate,
    ) -> impl Future<Output = Result<(), CallbackError>> + Send + 'static + use<> {
        let (hub, arn) = (Arc::clone(&self.hub), arn.clone());
        async move {
            let waker = hub
                .when(
                    |_| false,
                    |state| {
                        let run = state.map_runs.get_mut(&arn).ok_or_else(|| {
                            CallbackError::MapRunNotRunning(Box::new(arn.clone()))
                        })?;
                        Ok::<_, CallbackError>(run.update(update))
                    },
                )
                .await?;
            hub.notify();
            if let Some(waker) = waker {
                waker.wake();
            }
            Ok(())
        }
    }

    /// The tokens of [`RunningExecution::waiting_tasks`].
    pub fn task_tokens(&self) -> impl Future<Output = Vec<TaskToken>> + Send + 'static + use<> {
        let waiting = self.waiting_tasks();
        async move { waiting.await.into_iter().map(|t| t.task_token).collect() }
    }

    /// `SendTaskSuccess`: the task succeeds with `output`, a JSON text.
    pub fn send_task_success(
        &self,
        task_token: &TaskToken,
        output: &str,
    ) -> Result<(), CallbackError> {
        if output.len() > crate::MAX_PAYLOAD_BYTES {
            return Err(CallbackError::OutputTooLong(output.len()));
        }
        let output =
            workflow_text::json::parse_data(output).map_err(|_| CallbackError::InvalidOutput)?;
        self.hub.answer(task_token, Given::Success(output))
    }

    /// `SendTaskFailure`: the task fails with `error` and `cause` (what `ErrorEquals` matches
    /// and the error output carries). Both are optional, as in AWS's API: `None` leaves one
    /// out, and then, as AWS records it, the history names no error (or cause), only a
    /// Catcher on `States.ALL` catches it, and its error output holds `null` for it.
    ///
    /// `error` is an error name (`ErrorName::from("Rejected")`, or one of Step Functions'
    /// own, or `None`), `cause` text.
    pub fn send_task_failure<'a>(
        &self,
        task_token: &TaskToken,
        error: impl Into<Option<ErrorName>>,
        cause: impl Into<Option<&'a str>>,
    ) -> Result<(), CallbackError> {
        let (error, cause) = (error.into(), cause.into());
        self.hub
            .answer(task_token, Given::Failure(error, cause.map(str::to_owned)))
    }

    /// Answers the first task of the `.waitForTaskToken` Task `task` (a constant `workflow!`
    /// emits) waiting now (see [`RunningExecution::waiting_tasks`]) with `respond`, typed by
    /// the workflow: it gets what the state sent (for
    /// `lambda:invoke`, the `Payload`) and its `Ok` is the task's output (`SendTaskSuccess`),
    /// its `Err` the task's error and cause (`SendTaskFailure`). `Ok(false)` when no task of
    /// that state is waiting once the execution settled.
    /// What the state sent that does not fit `Req` fails the task with `States.TaskFailed`,
    /// naming the field.
    pub async fn respond<Req, Resp, Kind: crate::task_kind::CallbackTask>(
        &self,
        task: crate::TaskRef<Req, Resp, Kind>,
        respond: impl FnOnce(Req) -> Result<Resp, TaskFailure>,
    ) -> Result<bool, CallbackError>
    where
        Req: serde::de::DeserializeOwned,
        Resp: serde::Serialize,
    {
        let Some(waiting) = self
            .waiting_tasks()
            .await
            .into_iter()
            .find(|t| t.state == task.name)
        else {
            return Ok(false);
        };
        let input = if waiting
            .resource
            .integration()
            .is_some_and(|i| i.is_lambda_invoke())
        {
            waiting.input.get("Payload").cloned().unwrap_or(Value::Null)
        } else {
            waiting.input
        };
        self.answer_typed(task.name, &waiting.task_token, input, respond)?;
        Ok(true)
    }

    /// Answers the task `token` of the Task state `state`, which sent `input`, with what
    /// `respond` makes of it: `SendTaskSuccess` with its `Ok`, `SendTaskFailure` with its `Err`
    /// or when `input` does not fit `Req` (`States.TaskFailed`, naming the field).
    fn answer_typed<Req, Resp>(
        &self,
        state: &str,
        token: &TaskToken,
        input: Value,
        respond: impl FnOnce(Req) -> Result<Resp, TaskFailure>,
    ) -> Result<(), CallbackError>
    where
        Req: serde::de::DeserializeOwned,
        Resp: serde::Serialize,
    {
        let answer = crate::typed_request::decode::<Req>(input)
            .map_err(|misfit| {
                TaskFailure::new(
                    ErrorName::TaskFailed,
                    format!(
                        "what Task state `{state}` sent does not fit the responder's request: {misfit}"
                    ),
                )
            })
            .and_then(respond);
        match answer {
            Ok(output) => {
                let output =
                    serde_json::to_string(&output).map_err(|_| CallbackError::InvalidOutput)?;
                self.send_task_success(token, &output)
            }
            Err(failure) => self.send_task_failure(token, failure.error, failure.cause.as_str()),
        }
    }

    /// `SendTaskHeartbeat`: restarts the task's `HeartbeatSeconds` (not its `TimeoutSeconds`).
    /// Like the service, it writes no history event.
    pub fn send_task_heartbeat(&self, task_token: &TaskToken) -> Result<(), CallbackError> {
        self.hub.answer(task_token, Given::Heartbeat)
    }

    /// Lets `duration` of virtual time pass for the waiting tasks (after the execution
    /// settled): those whose deadline comes within it time out.
    pub fn advance(&self, duration: Duration) -> impl Future<Output = ()> + Send + 'static + use<> {
        let hub = Arc::clone(&self.hub);
        async move {
            hub.when(
                |_| false,
                |state| {
                    state.offset_ms = state
                        .offset_ms
                        .saturating_add(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX));
                    let now = state.offset_ms;
                    state.fire_deadlines(now);
                },
            )
            .await;
            hub.notify();
        }
    }

    /// `GetActivityTask` for the activity `activity_arn`: the oldest task scheduled on it that
    /// no worker took, now marked started by `worker_name` (`ActivityStarted`; a name or
    /// `None`, as `GetActivityTask`'s `workerName` is optional); `None` when
    /// there is none and the execution can make no progress without the test.
    pub fn get_activity_task(
        &self,
        activity_arn: &StatesArn,
        worker_name: Option<&str>,
    ) -> impl Future<Output = Option<super::activities::ActivityTask>> + Send + 'static + use<>
    {
        self.take_activity_task(activity_arn.to_string(), worker_name.map(str::to_owned))
    }

    /// `GetActivityTask` for the activity whose ARN is `activity_arn`, as its Task's resource
    /// writes it.
    fn take_activity_task(
        &self,
        activity_arn: String,
        worker_name: Option<String>,
    ) -> impl Future<Output = Option<super::activities::ActivityTask>> + Send + 'static + use<>
    {
        let hub = Arc::clone(&self.hub);
        async move {
            hub.take_activity(&activity_arn, worker_name.as_deref())
                .await
                .map(|t| super::activities::ActivityTask {
                    task_token: t.task_token,
                    input: t.input,
                })
        }
    }

    /// An in-process activity worker's turn, typed by the workflow: takes the oldest task
    /// scheduled on the activity of the activity Task `task` (a constant `workflow!` emits) as
    /// [`RunningExecution::get_activity_task`] does, and answers it with `work`: its `Ok` is
    /// the task's output (`SendTaskSuccess`), its `Err` the task's error and cause
    /// (`SendTaskFailure`). `Ok(false)` when no task is scheduled once the execution settled.
    /// A task whose input does not fit `Req` fails with `States.TaskFailed`, naming the field.
    pub async fn work_activity<'w, Req, Resp, Kind: crate::task_kind::ActivityTask>(
        &self,
        task: crate::TaskRef<Req, Resp, Kind>,
        worker_name: impl Into<Option<&'w str>>,
        work: impl FnOnce(Req) -> Result<Resp, TaskFailure>,
    ) -> Result<bool, CallbackError>
    where
        Req: serde::de::DeserializeOwned,
        Resp: serde::Serialize,
    {
        let Some(taken) = self
            .take_activity_task(
                task.resource.to_owned(),
                worker_name.into().map(str::to_owned),
            )
            .await
        else {
            return Ok(false);
        };
        self.answer_typed(task.name, &taken.task_token, taken.input, work)?;
        Ok(true)
    }

    /// Whether the execution ended (its result waits for [`RunningExecution::wait`], which
    /// then returns at once).
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(|t| t.is_finished()) || self.hub.lock().finished
    }

    /// Waits until the execution ended (without taking its result: see
    /// [`RunningExecution::wait`]). A future of its own, holding no borrow of the execution.
    pub fn ended(&self) -> impl Future<Output = ()> + Send + 'static + use<> {
        self.until(|state, _| state.finished)
    }

    /// Waits until the event of the answer to `task_token` handed over last (a
    /// [`send_task_success`](Self::send_task_success), a
    /// [`send_task_failure`](Self::send_task_failure), a worker's start by
    /// [`get_activity_task`](Self::get_activity_task)) is in the execution's history (or, for
    /// a task of one of its Distributed Maps' children, taken for
    /// [`take_child_events`](Self::take_child_events)), or the execution ended. At once for a
    /// token with no such answer, or without
    /// [`StartExecution::confirm_answers`](crate::StartExecution::confirm_answers). A host that
    /// answers its client only once the answer's effect is stored waits for this, then stores
    /// the history.
    pub fn answer_recorded(
        &self,
        task_token: &TaskToken,
    ) -> impl Future<Output = AnswerOutcome> + Send + 'static + use<> {
        let (hub, token) = (Arc::clone(&self.hub), task_token.clone());
        async move {
            hub.until(|state, _| state.finished || !state.unrecorded.contains(&token))
                .await;
            if hub.lock().discarded.remove(&token) {
                AnswerOutcome::Discarded
            } else {
                AnswerOutcome::Recorded
            }
        }
    }

    /// Waits until the execution can make no progress without its caller (every strand waits
    /// for a callback, a worker or a timer, and no handler runs), or ended: a resumed
    /// execution has then reached the tasks it waits for again. A future of its own.
    pub fn settled(&self) -> impl Future<Output = ()> + Send + 'static + use<> {
        self.until(|state, hub| hub.settled(state))
    }

    /// Waits until the task `task_token` waits for its answer (or ended), or the execution
    /// settled or ended. A token this run issued is answerable from its issue
    /// ([`Change::TokenIssued`](crate::Change::TokenIssued)); one issued before a restart, which
    /// the resumed run has not reached again, is refused (`TaskDoesNotExist`) by
    /// [`send_task_success`](Self::send_task_success) and its siblings until then: a host that
    /// takes it waits for this and answers again. A future of its own.
    pub fn task_waits(
        &self,
        task_token: &TaskToken,
    ) -> impl Future<Output = ()> + Send + 'static + use<> {
        let token = task_token.clone();
        self.until(move |state, hub| state.finished || hub.task_waits(state, &token))
    }

    /// A future of its own, ready once `done` holds of the hub's state (checked again at each
    /// change).
    fn until<F>(&self, done: F) -> impl Future<Output = ()> + Send + 'static + use<F>
    where
        F: Fn(&super::callbacks::HubState, &Hub) -> bool + Send + Sync + 'static,
    {
        let hub = Arc::clone(&self.hub);
        async move { hub.until(done).await }
    }

    /// Waits until the execution's history holds at least `events` events (a redrive's
    /// `ExecutionRedriven`, written when its run begins), or the execution ended.
    pub fn history_reaches(
        &self,
        events: usize,
    ) -> impl Future<Output = ()> + Send + 'static + use<> {
        self.until(move |state, hub| state.finished || hub.log.len() >= events)
    }

    /// The history events written so far, without waiting for the execution to settle (read
    /// from the run's own history, which the execution holds once; its closing event too
    /// once written).
    pub fn history_so_far(&self) -> Vec<crate::execution::HistoryEvent> {
        self.hub.log.since(0)
    }

    /// The history events written so far from the `from`th on (none when there are no more),
    /// without waiting for the execution to settle: what a host that keeps the events as they
    /// happen (`workflow serve`) has not taken yet.
    pub fn history_since(&self, from: usize) -> Vec<crate::execution::HistoryEvent> {
        self.hub.log.since(from)
    }

    /// The history so far of `child`, a child execution of one of its Distributed Maps' Map
    /// Runs in progress (running, or ended while its Map Run runs), without waiting for the
    /// execution to settle: read from the child's own history, which the engine holds once,
    /// as [`RunningExecution::history_so_far`] reads the execution's. `None` when no Map Run
    /// of the execution in progress started that child (it ended with its Map Run: the
    /// execution's [`MapRun`](crate::MapRun)s have it, or it is a child of a child's Map Run),
    /// or when the child keeps no history to read (an EXPRESS child, as on AWS). A child that
    /// succeeded past the Map Run's bound on kept histories reads as empty.
    ///
    /// ```
    /// use serde_json::json;
    /// use workflow_runtime::asl::StateMachine;
    /// use workflow_runtime::engine::Engine;
    /// use workflow_runtime::engine::blocking;
    /// use workflow_runtime::execution::api::HistoryEventType;
    ///
    /// // A Distributed Map whose children wait for a callback.
    /// let machine = StateMachine::from_json(r#"{"StartAt": "Each", "States": {"Each": {
    ///     "Type": "Map", "End": true,
    ///     "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    ///       "StartAt": "Ask", "States": {"Ask": {"Type": "Task", "End": true,
    ///         "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    ///         "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}}}}}}}"#)
    ///     .unwrap();
    /// let running = blocking::start(Engine::new().machine(&machine).input(json!([1, 2]))).unwrap();
    /// assert_eq!(running.waiting_tasks().len(), 2);
    /// let child = running.map_runs()[0].children[0].arn.clone();
    /// let history = running.child_history(&child).unwrap();
    /// assert_eq!(history[0].kind.event_type(), HistoryEventType::ExecutionStarted);
    /// assert_eq!(history.last().unwrap().kind.event_type(), HistoryEventType::TaskSubmitted);
    /// ```
    pub fn child_history(&self, child: &StatesArn) -> Option<Vec<crate::execution::HistoryEvent>> {
        Some(self.hub.child_history(child)?.since(0))
    }

    /// The events its Distributed Maps' child executions wrote since the last call, each with
    /// the child's ARN, in the order written (none unless it was started with
    /// [`StartExecution::keep_child_events`](crate::StartExecution::keep_child_events)): what a
    /// host that stores an execution to resume it stores of its children.
    pub fn take_child_events(&self) -> Vec<(StatesArn, crate::execution::HistoryEvent)> {
        self.hub
            .take_child_events()
            .into_iter()
            .map(|(arn, event)| (Arc::unwrap_or_clone(arn), event))
            .collect()
    }

    /// Every task token the execution issued so far (waiting or closed).
    pub fn issued_tokens(&self) -> HashSet<TaskToken> {
        let state = self.hub.lock();
        state
            .closed
            .iter()
            .chain(state.pending.keys())
            .cloned()
            .collect()
    }

    /// `StopExecution`: ends the execution at once as ABORTED (once it has started: its
    /// history begins with `ExecutionStarted`), with `error` and `cause` when given. Nothing of
    /// it runs any more (a handler in flight is dropped); its waiting tasks are closed (a later
    /// answer gets `TaskTimedOut`); a Map Run in progress ends `ABORTED` (`MapRunAborted`), its
    /// running children stopped (each `ExecutionAborted`), its items not started never start.
    /// [`RunningExecution::wait`] returns the aborted execution, its history ending in
    /// `ExecutionAborted`, with the Map Runs that ended before.
    pub fn stop(&self, error: Option<&ErrorName>, cause: Option<&str>) {
        let mut state = self.hub.lock();
        if state.stop.is_none() && !state.finished {
            state.stop = Some((
                error.map(|e| e.as_str().to_owned()),
                cause.map(str::to_owned),
            ));
        }
        drop(state);
        self.hub.notify();
        self.hub.stopping.notify_one();
    }

    /// Ends the execution `FAILED` at its next state transition, not at once: when it next
    /// enters a state it fails with `States.Runtime` (which no Retry or Catch handles) and
    /// `cause`; a Wait state or a task it is in goes on until it ends. This is how
    /// `DeleteStateMachine` ends its machine's executions (the API reference: "On the next
    /// state transition, the state machine's executions are terminated"; AWS's knowledge
    /// center, "Why is my Step Functions state machine stuck in DELETING status?": they fail
    /// with `"Error": "States.Runtime"`, and one in a Wait state or waiting for a task's
    /// answer keeps its machine DELETING until it moves on). Nothing changes once the
    /// execution ended or was stopped.
    pub fn fail_at_next_transition(&self, cause: &str) {
        let mut state = self.hub.lock();
        if state.fail_at_transition.is_none() && state.stop.is_none() && !state.finished {
            state.fail_at_transition = Some(cause.to_owned());
        }
    }

    /// The finished execution, once it ended, as [`RunningExecution::wait`] gives it, without
    /// waiting: `None` while it runs (and once its result was taken), as
    /// [`std::process::Child::try_wait`] answers. What a host that learns of the end
    /// ([`StartExecution::on_end`](crate::StartExecution::on_end)) takes the result with,
    /// holding no borrow of the execution meanwhile. A run that panicked resumes its panic
    /// here, as `wait` does.
    pub fn try_wait(&mut self) -> Option<Result<Execution, EngineError>> {
        let outcome = self.task.as_mut()?.try_ended()?;
        self.task = None;
        match outcome {
            Ok(result) => Some(result),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    /// Says that the test will answer nothing more, and returns the finished execution: the
    /// tasks still waiting time out at their first deadline on the virtual clock; a task
    /// without a deadline would wait forever, and makes this [`EngineError::Stalled`].
    pub async fn wait(mut self) -> Result<Execution, EngineError> {
        {
            let mut state = self.hub.lock();
            state.closing = true;
            // A stop already asked for ends the execution ABORTED: the tasks it waits for
            // must not time out or stall first (the execution's thread may not have seen the
            // stop yet).
            if state.stop.is_none() {
                state.give_up();
            }
        }
        self.hub.notify();
        let Some(task) = self.task.take() else {
            return Err(EngineError::Stalled {
                waiting: Vec::new(),
                execution: None,
            });
        };
        match task.ended().await {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Drop for RunningExecution {
    fn drop(&mut self) {
        if self.task.take().is_some() {
            {
                let mut state = self.hub.lock();
                state.closing = true;
                if state.stop.is_none() {
                    state.give_up();
                }
            }
            self.hub.notify();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::execution::api::HistoryEventType;
    use crate::{Engine, blocking};
    use serde_json::json;
    use workflow_asl::StateMachine;

    #[test]
    fn a_running_map_runs_child_history_is_its_own_log_read_while_the_map_run_runs() {
        // Each child sends its item with its token, and waits.
        let machine = StateMachine::from_json(
            r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "Ask", "States": {"Ask": {"Type": "Task", "End": true,
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q",
                  "MessageBody": {"token.$": "$$.Task.Token", "item.$": "$"}}}}}}}}"#,
        )
        .expect("a definition");
        let running =
            blocking::start(Engine::new().machine(&machine).input(json!([1, 2]))).expect("starts");
        let waiting = running.waiting_tasks();
        assert_eq!(waiting.len(), 2);
        let run = running.map_runs().remove(0);
        let first = run.children[0].arn.clone();
        let before = running.child_history(&first).expect("a running child");
        assert_eq!(
            before[0].kind.event_type(),
            HistoryEventType::ExecutionStarted
        );
        // The log the hub shares is the child's own: what the child writes later is in it.
        let shared = running.hub.child_history(&first).expect("shared");
        let token = |item: i64| {
            waiting
                .iter()
                .find(|t| t.input["MessageBody"]["item"] == item)
                .map(|t| t.task_token.clone())
                .expect("a task of the item")
        };
        running
            .send_task_success(&token(1), r#""done""#)
            .expect("answered");
        assert_eq!(running.waiting_tasks().len(), 1);
        let after = running
            .child_history(&first)
            .expect("ended, its Map Run runs");
        assert!(after.starts_with(&before) && after.len() > before.len());
        assert_eq!(
            after.last().map(|e| e.kind.event_type()),
            Some(HistoryEventType::ExecutionSucceeded)
        );
        assert_eq!(shared.len(), after.len());
        // Only a child of a Map Run in progress has one.
        assert_eq!(running.child_history(&run.arn), None);
        running
            .send_task_success(&token(2), r#""done""#)
            .expect("answered");
        assert!(running.waiting_tasks().is_empty());
        assert_eq!(running.child_history(&first), None);
        let execution = running.wait().expect("ends");
        // The Map Run's record took the same history (the hub let go of it).
        assert_eq!(execution.map_runs[0].executions[0].history, after);
    }
}
