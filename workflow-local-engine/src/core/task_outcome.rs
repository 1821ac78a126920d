//! What answers a Task, as the core reads it: its result and how long it took
//! ([`TaskOutput`]), or its failure ([`TaskFailure`]), whoever answered (a handler, a mock, a
//! callback, a worker).

use serde_json::Value;
use std::time::Duration;
use workflow_asl::ErrorName;

/// A task's failure: an error name and a cause, as a service or a Lambda function reports them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFailure {
    /// The error name, matched by `ErrorEquals` (e.g. `Lambda.ServiceException`, `MyError`,
    /// [`ErrorName::TaskFailed`]).
    pub error: ErrorName,
    /// The human-readable cause.
    pub cause: String,
    /// Which of the two were not given at all (a `SendTaskFailure` without them).
    pub(crate) unset: Unset,
    /// Whether nothing answered the task (no handler, mock or endpoint): a replay that runs an
    /// EXPRESS child again takes the child's recorded outcome then.
    pub(crate) unanswered: bool,
}

/// The parts of a failure that were not given at all, as `SendTaskFailure` may leave out its
/// `error` and its `cause` (both optional in AWS's API). What AWS does then, recorded
/// (LocalStack's `test_callback` snapshot, `test_sqs_failure_in_wait_for_task_tok_no_error_field`,
/// validated on AWS on 2024-04-29): `TaskFailed` has no `error` nor `cause`, a Catcher on
/// `States.ALL` catches it (one on `States.Runtime` does not), and the error output is
/// `{"Error": null, "Cause": null}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Unset {
    pub error: bool,
    pub cause: bool,
}

impl TaskFailure {
    /// A failure with `error` and `cause`.
    pub fn new(error: impl Into<ErrorName>, cause: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            cause: cause.into(),
            unset: Unset::default(),
            unanswered: false,
        }
    }

    /// Nothing answers the task: `States.Runtime` with `cause`.
    pub(crate) fn unanswered(cause: impl Into<String>) -> Self {
        Self {
            unanswered: true,
            ..Self::new(ErrorName::Runtime, cause)
        }
    }

    /// A failure whose `error` or `cause` may not have been given (`SendTaskFailure`).
    pub(crate) fn answered(error: Option<ErrorName>, cause: Option<String>) -> Self {
        Self {
            unset: Unset {
                error: error.is_none(),
                cause: cause.is_none(),
            },
            error: error.unwrap_or_else(|| ErrorName::from("")),
            cause: cause.unwrap_or_default(),
            unanswered: false,
        }
    }
}

impl std::fmt::Display for TaskFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for TaskFailure {}

/// What a task handler produces: the task's result and how long the task took.
///
/// On the virtual clock a task takes no time unless it says so; `duration` is what
/// `TimeoutSeconds` and `HeartbeatSeconds` are measured against.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOutput {
    /// The task's result (before `ResultSelector`).
    pub value: Value,
    /// How long the task ran (virtual clock).
    pub duration: Duration,
    /// Whether a handler typed by the workflow gave it (`Engine::task` with a constant
    /// `workflow!` emits, whose response type holds what the workflow reads of the result):
    /// the result check then requires no field the type leaves out (see
    /// `core::result_check::mode`).
    pub typed_by_workflow: bool,
    /// Whether the service itself answered (a Task sent to an AWS endpoint): the result is
    /// then not checked against the integration's shape, as AWS does not check what a
    /// service answers.
    pub(crate) from_service: bool,
}

impl TaskOutput {
    /// A result that took `duration`.
    pub fn after(duration: Duration, value: Value) -> Self {
        Self {
            value,
            duration,
            typed_by_workflow: false,
            from_service: false,
        }
    }

    /// The answer of the service itself (see `from_service`).
    #[cfg_attr(not(feature = "aws-endpoint"), allow(dead_code))]
    pub(crate) fn from_service(value: Value) -> Self {
        Self {
            from_service: true,
            ..Self::from(value)
        }
    }
}

impl From<Value> for TaskOutput {
    fn from(value: Value) -> Self {
        Self::after(Duration::ZERO, value)
    }
}
