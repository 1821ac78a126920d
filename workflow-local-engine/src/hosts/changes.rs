//! What a started execution tells its host as it happens
//! ([`StartExecution::on_change`](crate::StartExecution::on_change)): a host that stores
//! events, routes task tokens and wakes activity workers (`workflow serve`) is pushed each
//! change instead of polling every running execution for it.

use std::sync::Arc;

/// One change of a running execution, told to its host on the execution's own task: the
/// host's callback must not block (it queues, indexes or wakes, and returns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change<'a> {
    /// It wrote a history event ([`RunningExecution::history_since`] has it), or one of its
    /// Distributed Maps' children did (kept for
    /// [`RunningExecution::take_child_events`]).
    ///
    /// [`RunningExecution::history_since`]: crate::RunningExecution::history_since
    /// [`RunningExecution::take_child_events`]: crate::RunningExecution::take_child_events
    Event,
    /// A task waits for its token to be answered: a `.waitForTaskToken` callback, or an
    /// activity's task (`activity`, its ARN) waiting for a worker. A resumed execution tells
    /// its waiting tasks again.
    TaskWaiting {
        /// The task's token (`$$.Task.Token`).
        task_token: &'a workflow_aws_models::TaskToken,
        /// The activity's ARN, for an activity's task.
        activity: Option<&'a str>,
    },
    /// A Task's token was issued: told before the event that shows it (`TaskScheduled`'s
    /// parameters) is written, and before its task waits for it ([`Change::TaskWaiting`]), so
    /// that a host routes an answer that comes in between to this execution, which takes it
    /// once its task waits ([`RunningExecution::task_waits`]).
    ///
    /// [`RunningExecution::task_waits`]: crate::RunningExecution::task_waits
    TokenIssued {
        /// The task's token (`$$.Task.Token`).
        task_token: &'a workflow_aws_models::TaskToken,
    },
}

/// The host's callback for [`Change`]s.
pub type OnChange = Arc<dyn Fn(Change<'_>) + Send + Sync>;
