//! Pausing a run and looking inside it: what a debugger (`workflow debug`, a Debug Adapter
//! Protocol server) is built on. A start request given a [`Debugger`]
//! ([`StartExecution::debugger`](crate::StartExecution::debugger)) asks it, at each checkpoint
//! of each strand (a state entered, a state left, an error raised, a replay's divergence from
//! its record), whether the run stops there ([`Debugger::stops_at`]); where it does, the strand
//! hands the debugger a [`Paused`] view of itself (its [`Scope`]: input, context object,
//! variables, a Task's request, result or error, the output; the execution's virtual clock) and
//! waits until the debugger lets it go, while no other strand passes virtual time. A Task that
//! nothing else answers (no handler, mock or endpoint) is the debugger's to answer
//! ([`Debugger::answer`]). A run without a debugger pays nothing for this.
//!
//! ```
//! use futures::future::BoxFuture;
//! use serde_json::json;
//! use std::sync::{Arc, Mutex};
//! use workflow_runtime::asl::StateMachine;
//! use workflow_runtime::engine::debug::{Debugger, Paused, PendingTask, Reached, Stop, TaskAnswer};
//! use workflow_runtime::engine::{Engine, blocking};
//!
//! /// Stops where each state is entered, and notes `$.n + 1` there.
//! #[derive(Default)]
//! struct Notes(Mutex<Vec<String>>);
//!
//! impl Debugger for Notes {
//!     fn stops_at(&self, at: &Reached<'_>) -> bool {
//!         *at.stop == Stop::Entered
//!     }
//!     fn pause<'a>(&'a self, paused: Paused<'a>) -> BoxFuture<'a, ()> {
//!         let seen = paused.scope().evaluate("{% $states.input.n + 1 %}");
//!         let note = format!("{}: {:?}", paused.scope().state, seen);
//!         self.0.lock().unwrap().push(note);
//!         Box::pin(async {})
//!     }
//!     fn answer<'a>(&'a self, task: PendingTask) -> BoxFuture<'a, TaskAnswer> {
//!         Box::pin(async move { TaskAnswer::success(json!({"charged": task.parameters})) })
//!     }
//! }
//!
//! let machine = StateMachine::from_json(r#"{"StartAt": "Charge", "States": {
//!     "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
//!                "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "Next": "Done"},
//!     "Done": {"Type": "Pass", "End": true}}}"#)?;
//! let notes = Arc::new(Notes::default());
//! let run = blocking::run(Engine::new().machine(&machine).input(json!({"n": 1})).debugger(notes.clone()))?;
//! assert_eq!(run.output, Some(json!({"charged": {"FunctionName": "charge", "Payload": {"n": 1}}})));
//! assert_eq!(notes.0.lock().unwrap()[0], "Charge: Ok(Number(2))");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::TaskFailure;
pub use crate::core::pause::{
    Context, Divergence, EvaluationError, Handled, Level, Paused, Reached, Scope, Stop, Trail,
};
use futures::future::BoxFuture;
use serde_json::Value;
use std::time::Duration;

/// What pauses a run and looks inside it (see the [module](self)). Shared by every strand of
/// the run (and of its Distributed Maps' child executions): it is called from the run's task,
/// and its pauses are futures of that task.
pub trait Debugger: Send + Sync {
    /// Whether the run stops at the checkpoint `at`. Asked at every checkpoint of every
    /// strand: keep it cheap (a breakpoint's condition is the pause's to evaluate, on its
    /// scope).
    fn stops_at(&self, at: &Reached<'_>) -> bool;

    /// The strand is paused at `paused`; it goes on once the future is ready.
    fn pause<'a>(&'a self, paused: Paused<'a>) -> BoxFuture<'a, ()>;

    /// Answers a Task that nothing else answers (no handler, mock, endpoint or worker).
    fn answer<'a>(&'a self, task: PendingTask) -> BoxFuture<'a, TaskAnswer>;

    /// A strand started: a Parallel branch, a Map iteration, a Distributed Map's child
    /// execution.
    fn strand_started(&self, _trail: &Trail) {}

    /// A strand ended, or was stopped.
    fn strand_ended(&self, _trail: &Trail) {}
}

/// A Task waiting for the debugger's answer.
#[derive(Clone, Debug)]
pub struct PendingTask {
    /// The Task state.
    pub state: String,
    /// Its `Resource`.
    pub resource: String,
    /// Its request: `Parameters` (JSONPath) or `Arguments` (JSONata) evaluated.
    pub parameters: Value,
    /// The task token (`$$.Task.Token`), for a callback or a job.
    pub token: Option<String>,
    /// 0 for the first attempt, then 1, 2, … for the retries.
    pub retry_count: u32,
    /// Its `TimeoutSeconds`, if any.
    pub timeout_seconds: Option<u64>,
    /// Its `HeartbeatSeconds`, if any.
    pub heartbeat_seconds: Option<u64>,
    /// The strand it runs on.
    pub trail: Trail,
    /// The execution's clock when the Task started, in milliseconds since the epoch.
    pub started_millis: i64,
    /// What its strand shows while it waits: the state's input, its context object (its
    /// token), its variables, the request as `parameters`.
    pub scope: Scope,
}

/// The debugger's answer to a [`PendingTask`]: the Task's result or failure, and the virtual
/// time that passed before it (which the execution's clock passes too). The debugger keeps
/// the Task's `TimeoutSeconds` and `HeartbeatSeconds` itself (it knows of its heartbeats):
/// a Task that ran out of either answers `States.Timeout` or `States.HeartbeatTimeout`.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskAnswer {
    /// The result, or the failure.
    pub outcome: Result<Value, TaskFailure>,
    /// How long the Task took, on the virtual clock.
    pub took: Duration,
}

impl TaskAnswer {
    /// The Task succeeded at once with `result`.
    pub fn success(result: Value) -> Self {
        TaskAnswer {
            outcome: Ok(result),
            took: Duration::ZERO,
        }
    }

    /// The Task failed at once with `error` and `cause`.
    pub fn failure(error: &str, cause: &str) -> Self {
        TaskAnswer {
            outcome: Err(TaskFailure::new(error, cause)),
            took: Duration::ZERO,
        }
    }
}

impl Divergence {
    /// The difference, as [`workflow replay`](crate::Replayed) reports it.
    pub fn difference(&self) -> crate::Difference {
        crate::Difference::from((*self.0).clone())
    }
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.difference().fmt(f)
    }
}
