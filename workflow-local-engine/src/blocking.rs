//! The engine from code that is not async: one thin adapter at the edge, as `reqwest::blocking`
//! is to `reqwest`. The engine itself is async and has no runtime of its own: a run is a future
//! ([`StartExecution::run`]) and a started execution a task of its caller's Tokio runtime
//! ([`StartExecution::start`]). Here a [`Runtime`] (a value its user makes and owns, never a
//! global) drives them, and [`RunningExecution`] waits on the calling thread where the async
//! [`crate::RunningExecution`] is awaited. [`run`] and [`start`] make a runtime for the call.
//!
//! ```
//! use serde_json::json;
//! use workflow_runtime::asl::StateMachine;
//! use workflow_runtime::aws_models::TaskToken;
//! use workflow_runtime::engine::{Engine, blocking};
//! use workflow_runtime::execution::ExecutionStatus;
//!
//! let machine = StateMachine::from_json(r#"{"StartAt": "Approve", "States": {"Approve": {
//!     "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
//!     "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
//!     "End": true}}}"#)?;
//! let engine = Engine::new();
//! let runtime = blocking::Runtime::new()?;
//! let execution = runtime.start(engine.machine(&machine))?;
//! let task = execution.next_task().expect("the Task waits for its token");
//! execution.send_task_success(&task.task_token, r#"{"approved": true}"#)?;
//! let done = execution.wait()?;
//! assert_eq!(done.status, ExecutionStatus::Succeeded);
//!
//! // A run to its end, on the same runtime.
//! let pass = StateMachine::from_json(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)?;
//! assert_eq!(runtime.run(engine.machine(&pass))?.status, ExecutionStatus::Succeeded);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::mode::Mode;
use crate::{
    ActivityTask, CallbackError, CompiledMachine, Engine, EngineError, Execution, MapRunUpdate,
    RecordedExecution, Replays, RunningMapRun, StartExecution, TaskFailure, TaskRef, WaitingTask,
};
use std::sync::Arc;
use std::time::Duration;
use workflow_aws_models::{StatesArn, TaskToken};

/// A Tokio runtime the engine's blocking calls run on: made by [`Runtime::new`], owned by its
/// user (and by the [`RunningExecution`]s it started, which keep it alive), gone with the last
/// of them. Cloning it shares the one runtime.
#[derive(Clone, Debug)]
pub struct Runtime {
    handle: tokio::runtime::Handle,
    /// Shared by the clones and the executions it started.
    _owned: Arc<Owned>,
}

/// The runtime, shut down without waiting when its last owner goes (so that dropping it is
/// allowed anywhere, even inside another runtime).
#[derive(Debug)]
struct Owned(Option<tokio::runtime::Runtime>);

impl Drop for Owned {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Runtime {
    /// A multi-threaded Tokio runtime (timers and I/O on; as many workers as the machine has
    /// cores, four at most), on whose workers started executions run while the calling thread
    /// waits or does other work.
    pub fn new() -> std::io::Result<Runtime> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(cores.clamp(1, 4))
            .thread_name("workflow-blocking")
            .enable_all()
            .build()?;
        Ok(Runtime {
            handle: runtime.handle().clone(),
            _owned: Arc::new(Owned(Some(runtime))),
        })
    }

    /// The Tokio runtime's handle: to spawn a handler's own work on it, or to enter it.
    pub fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }

    /// Runs `request` to its end ([`StartExecution::run`]), waiting on the calling thread.
    /// Called on a thread that drives a Tokio runtime, it refuses with
    /// [`EngineError::InsideAsyncRuntime`] (it would block that runtime; `.await` the run
    /// there) and never panics.
    pub fn run<'e, I: 'e, M: Mode>(
        &self,
        request: StartExecution<'e, I, M>,
    ) -> Result<M::Output, M::Error> {
        self.block_on(request.run())?
    }

    /// Drives `future` (an engine's work: runs, replays, a tool's command written as async
    /// code) to its end on the calling thread, with this runtime's timers and I/O.
    /// [`EngineError::InsideAsyncRuntime`] on a thread that drives a Tokio runtime, where it
    /// would block that runtime (`.await` the future there).
    pub fn block_on<F: Future>(&self, future: F) -> Result<F::Output, EngineError> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(EngineError::InsideAsyncRuntime);
        }
        Ok(self.handle.block_on(future))
    }

    /// Starts `request` as a task of this runtime ([`StartExecution::start`]): it runs on the
    /// runtime's workers while the caller answers its tasks through the returned
    /// [`RunningExecution`].
    pub fn start<I>(
        &self,
        request: StartExecution<'_, I>,
    ) -> Result<RunningExecution, EngineError> {
        let _entered = self.handle.enter();
        Ok(RunningExecution {
            execution: request.start()?,
            runtime: self.clone(),
        })
    }

    /// [`Engine::replay_each`], waiting on the calling thread: on a thread that drives a Tokio
    /// runtime every execution could not be replayed, each saying why.
    pub fn replay_each(
        &self,
        engine: &Engine,
        machine: &Arc<CompiledMachine>,
        executions: impl IntoIterator<Item = RecordedExecution>,
    ) -> Replays {
        let executions: Vec<RecordedExecution> = executions.into_iter().collect();
        let names: Vec<(String, Option<StatesArn>)> = executions
            .iter()
            .map(|e| (e.name.clone(), e.arn.clone()))
            .collect();
        self.block_on(engine.replay_each(machine, executions))
            .unwrap_or_else(|e| Replays::none_replayed(names, &e))
    }
}

/// Runs `request` to its end on a [`Runtime`] made for the call ([`Runtime::run`]).
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::asl::StateMachine;
/// use workflow_runtime::engine::{Engine, blocking};
///
/// let machine = StateMachine::from_json(
///     r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"n": 2}, "End": true}}}"#,
/// )?;
/// let run = blocking::run(Engine::new().machine(&machine).input(json!({})))?;
/// assert_eq!(run.output, Some(json!({"n": 2})));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run<'e, I: 'e, M: Mode>(request: StartExecution<'e, I, M>) -> Result<M::Output, M::Error> {
    Runtime::new()
        .map_err(|e| M::Error::from(EngineError::Runtime(e)))?
        .run(request)
}

/// Starts `request` on a [`Runtime`] made for the call, which the returned execution owns
/// ([`Runtime::start`]).
pub fn start<I>(request: StartExecution<'_, I>) -> Result<RunningExecution, EngineError> {
    Runtime::new().map_err(EngineError::Runtime)?.start(request)
}

/// A started execution whose waits block the calling thread: [`crate::RunningExecution`]'s
/// methods that wait for the execution to settle, each waiting here, and through `Deref` the
/// others (`send_task_success`, `stop`, `tick`, ...), which never wait. It keeps its runtime
/// alive; dropped before it ended, the execution is told that no more answers come, and goes
/// with the runtime when it was the runtime's last owner.
pub struct RunningExecution {
    execution: crate::RunningExecution,
    runtime: Runtime,
}

impl std::fmt::Debug for RunningExecution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::RunningExecution")
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for RunningExecution {
    type Target = crate::RunningExecution;

    fn deref(&self) -> &crate::RunningExecution {
        &self.execution
    }
}

impl RunningExecution {
    /// Waits for `future` on the calling thread ([`wait_on`]).
    fn wait_for<T>(&self, future: impl Future<Output = T>) -> T {
        wait_on(&self.runtime, future)
    }

    /// [`crate::RunningExecution::next_task`], waiting.
    pub fn next_task(&self) -> Option<WaitingTask> {
        self.wait_for((**self).next_task())
    }

    /// [`crate::RunningExecution::waiting_tasks`], waiting.
    pub fn waiting_tasks(&self) -> Vec<WaitingTask> {
        self.wait_for((**self).waiting_tasks())
    }

    /// [`crate::RunningExecution::task_tokens`], waiting.
    pub fn task_tokens(&self) -> Vec<TaskToken> {
        self.wait_for((**self).task_tokens())
    }

    /// [`crate::RunningExecution::map_runs`], waiting.
    pub fn map_runs(&self) -> Vec<RunningMapRun> {
        self.wait_for((**self).map_runs())
    }

    /// [`crate::RunningExecution::update_map_run`], waiting.
    pub fn update_map_run(
        &self,
        arn: &StatesArn,
        update: MapRunUpdate,
    ) -> Result<(), CallbackError> {
        self.wait_for((**self).update_map_run(arn, update))
    }

    /// [`crate::RunningExecution::advance`], waiting.
    pub fn advance(&self, duration: Duration) {
        self.wait_for((**self).advance(duration));
    }

    /// [`crate::RunningExecution::get_activity_task`], waiting.
    pub fn get_activity_task<'w>(
        &self,
        activity_arn: &StatesArn,
        worker_name: impl Into<Option<&'w str>>,
    ) -> Option<ActivityTask> {
        self.wait_for((**self).get_activity_task(activity_arn, worker_name.into()))
    }

    /// [`crate::RunningExecution::respond`], waiting.
    pub fn respond<Req, Resp, Kind: crate::task_kind::CallbackTask>(
        &self,
        task: TaskRef<Req, Resp, Kind>,
        respond: impl FnOnce(Req) -> Result<Resp, TaskFailure>,
    ) -> Result<bool, CallbackError>
    where
        Req: serde::de::DeserializeOwned,
        Resp: serde::Serialize,
    {
        self.wait_for((**self).respond(task, respond))
    }

    /// [`crate::RunningExecution::work_activity`], waiting.
    pub fn work_activity<'w, Req, Resp, Kind: crate::task_kind::ActivityTask>(
        &self,
        task: TaskRef<Req, Resp, Kind>,
        worker_name: impl Into<Option<&'w str>>,
        work: impl FnOnce(Req) -> Result<Resp, TaskFailure>,
    ) -> Result<bool, CallbackError>
    where
        Req: serde::de::DeserializeOwned,
        Resp: serde::Serialize,
    {
        self.wait_for((**self).work_activity(task, worker_name, work))
    }

    /// [`crate::RunningExecution::wait`], waiting.
    pub fn wait(self) -> Result<Execution, EngineError> {
        let RunningExecution { execution, runtime } = self;
        wait_on(&runtime, execution.wait())
    }
}

/// Waits for `future` on the calling thread inside `runtime`'s context (a responder may use
/// Tokio): the execution it waits for runs on the runtime's workers meanwhile, so this never
/// drives, nor panics inside, another runtime.
fn wait_on<T>(runtime: &Runtime, future: impl Future<Output = T>) -> T {
    let _entered = runtime.handle.enter();
    futures::executor::block_on(future)
}
