//! How states fail: an error name and a cause, matched by Retry and Catch.

use crate::core::task_outcome::{TaskFailure, Unset};
use serde_json::{Value, json};
use workflow_asl::ErrorName;
use workflow_asl::eval::EvalError;

/// A state's failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub error: ErrorName,
    pub cause: String,
    /// Whether the cause already says where it happened. A failure the engine raises while
    /// running a state's own fields (a path that selects nothing, a JSONata expression, a
    /// value out of range) is not: [`Failure::locate`] gives it AWS's prefix `An error
    /// occurred while executing the state 'X' (entered at the event id #N).`. A task's, a
    /// Fail state's or a size-limit failure is reported as it is.
    pub located: bool,
    /// Whether a Retrier or Catcher may handle it. `States.Runtime` never is, and neither is
    /// `States.DataLimitExceeded` raised for a state's own input or output (a task's result
    /// that is too large is: `States.ALL` catches it, as the service does).
    pub catchable: bool,
    /// Whether this is a `States.Timeout` raised because a task's `HeartbeatSeconds` passed
    /// without a heartbeat (see [`Failure::matches`]).
    pub heartbeat: bool,
    /// Which of the error and the cause were not given at all (see [`Unset`]).
    pub unset: Unset,
    /// The field whose JSONata expression failed (`Output`, `Assign/result`, …), for the
    /// `EvaluationFailed` event of a `States.QueryEvaluationError`.
    pub location: Option<String>,
    /// Whether the failure of a Parallel or Map state that started (a branch, an iteration or
    /// its Map Run failed) still has to close the state with its `…StateFailed`: written once
    /// no Retrier retries the state (see `Run::execute`).
    pub closes_state: bool,
    /// Whether this is no failure of the execution but the end of the record a replay
    /// follows: the replayed execution was stopped there, or is still running (see
    /// [`Failure::record_ended`]).
    pub record_ended: bool,
    /// Whether a host that inspects the run was shown it where it was raised (see
    /// `super::pause`): the states it fails out of do not show it again.
    pub shown: bool,
}

impl Failure {
    /// A failure the engine raises while running a state; located later.
    pub(crate) fn new(error: impl Into<ErrorName>, cause: impl Into<String>) -> Self {
        let error = error.into();
        let catchable = error != ErrorName::Runtime;
        Failure {
            error,
            cause: cause.into(),
            located: false,
            catchable,
            heartbeat: false,
            unset: Unset::default(),
            location: None,
            closes_state: false,
            record_ended: false,
            shown: false,
        }
    }

    /// The error name; `None` when the failure named none: a task failed without one (a
    /// `SendTaskFailure` that gave none, see [`Unset`]) or a Fail state without `Error`
    /// (AWS then writes no `error`: LocalStack's `test_state_fail_empty`, recorded on AWS).
    pub(crate) fn error_name(&self) -> Option<&ErrorName> {
        (!self.unset.error && !self.error.as_str().is_empty()).then_some(&self.error)
    }

    /// `States.Runtime`: never retried nor caught; the execution fails.
    pub(crate) fn runtime(cause: impl Into<String>) -> Self {
        Failure::new(ErrorName::Runtime, cause)
    }

    /// `States.ExceedToleratedFailureThreshold`: more Map iterations failed than the Map
    /// tolerates, in AWS's words (TestState's answers recorded on AWS in November 2025,
    /// LocalStack's `test_state_configuration` snapshots: "The specified tolerated failure
    /// threshold was exceeded").
    pub(crate) fn threshold_exceeded() -> Self {
        // The Map Run's report, as a task's: no prefix naming the state.
        Failure::reported(
            ErrorName::ExceedToleratedFailureThreshold,
            "The specified tolerated failure threshold was exceeded",
        )
    }

    /// `States.QueryEvaluationError`: a JSONata expression failed or returned what the field
    /// cannot take.
    pub(crate) fn query(cause: impl Into<String>) -> Self {
        Failure::new(ErrorName::QueryEvaluationError, cause)
    }

    /// `States.QueryEvaluationError` of the JSONata expression of `field`.
    pub(crate) fn query_at(field: &str, cause: impl Into<String>) -> Self {
        Failure {
            location: Some(field.to_owned()),
            ..Failure::query(cause)
        }
    }

    /// Whether the state itself failed evaluating a JSONata expression (not a task reporting
    /// an error of that name): what AWS records with an `EvaluationFailed` event.
    pub(crate) fn is_evaluation(&self) -> bool {
        self.error == ErrorName::QueryEvaluationError && !self.located
    }

    /// A failure reported exactly as given: a Fail state's error and cause.
    pub(crate) fn reported(error: impl Into<ErrorName>, cause: impl Into<String>) -> Self {
        Failure {
            located: true,
            ..Failure::new(error, cause)
        }
    }

    /// `States.DataLimitExceeded` for a state's own input or output: terminal.
    pub(crate) fn data_limit(subject: &str) -> Self {
        Failure {
            located: true,
            catchable: false,
            ..Failure::new(
                ErrorName::DataLimitExceeded,
                super::quotas::data_limit_cause(subject),
            )
        }
    }

    /// `States.DataLimitExceeded` for a task's result: `States.ALL` catches it.
    pub(crate) fn task_data_limit(subject: &str) -> Self {
        Failure {
            located: true,
            catchable: true,
            ..Failure::new(
                ErrorName::DataLimitExceeded,
                super::quotas::data_limit_cause(subject),
            )
        }
    }

    /// The execution reached its `TimeoutSeconds`: nothing retries or catches it; the
    /// execution ends `TIMED_OUT`.
    pub(crate) fn execution_timed_out() -> Self {
        Failure {
            located: true,
            catchable: false,
            ..Failure::new(ErrorName::Timeout, "")
        }
    }

    /// A replay reached the end of a record that stops before the execution's own end (it
    /// was stopped, or is still running): the strand stops there, and so does the run once
    /// every strand has. Nothing retries or catches it, and it writes no event.
    pub(crate) fn record_ended() -> Self {
        Failure {
            located: true,
            catchable: false,
            record_ended: true,
            ..Failure::new(ErrorName::Runtime, "the record ends here")
        }
    }

    /// Gives an unlocated failure AWS's prefix naming the state and the id of its
    /// `…StateEntered` event.
    pub(crate) fn locate(mut self, state: &str, entered_event: u64) -> Self {
        if !self.located {
            self.cause = format!(
                "An error occurred while executing the state '{state}' (entered at the event id #{entered_event}). {}",
                self.cause
            );
            self.located = true;
        }
        self
    }

    /// Whether a Retrier's or Catcher's `ErrorEquals` matches this failure.
    ///
    /// `States.Runtime` is never matched (the service fails the execution, even when a Catcher
    /// names it); `States.ALL` matches every other catchable error; `States.TaskFailed` matches
    /// every catchable error but `States.Timeout` (as the service documents it).
    /// `States.HeartbeatTimeout` matches a heartbeat that expired, which AWS reports as
    /// `States.Timeout` (the error-handling page of the developer guide: `HeartbeatTimeout`
    /// "is available inside the Catch and Retry fields"; the report: see
    /// [`TaskFailure`]'s conversion).
    pub(crate) fn matches(&self, names: &[ErrorName]) -> bool {
        if !self.catchable || self.error == ErrorName::Runtime {
            return false;
        }
        // A failure with no error name is matched by `States.ALL` alone (see [`Unset`]).
        if self.unset.error {
            return names.contains(&ErrorName::All);
        }
        names.iter().any(|name| match name {
            ErrorName::All => true,
            ErrorName::TaskFailed => self.error != ErrorName::Timeout,
            ErrorName::HeartbeatTimeout => self.heartbeat || self.error == *name,
            other => *other == self.error,
        })
    }

    /// The error output `{"Error": …, "Cause": …}` that a Catcher passes on.
    pub(crate) fn error_output(&self) -> Value {
        let error = if self.unset.error {
            Value::Null
        } else {
            json!(self.error)
        };
        let cause = if self.unset.cause {
            Value::Null
        } else {
            self.cause.clone().into()
        };
        json!({"Error": error, "Cause": cause})
    }
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Self {
        Failure::new(e.error, e.cause)
    }
}

/// A task's failure as the state reports it. A heartbeat that expired
/// (`States.HeartbeatTimeout`, from the engine's clock or a handler) is reported as AWS
/// reports it: `States.Timeout`, in the `TaskTimedOut` or `ActivityTimedOut` event and the
/// execution's error alike (LocalStack's `test_heartbeat_timeout`, `…_path_timeout` and
/// `…_no_timeout`, recorded on AWS on 2024-04-18: an SQS `.waitForTaskToken` task whose
/// `HeartbeatSeconds` passed, with and without `TimeoutSeconds`, ends `TaskTimedOut` with
/// `"error": "States.Timeout"` and no cause).
///
/// A timeout is the service's own failure, not a report: its error output has an empty cause
/// even when none was given (LocalStack's `test_invoke_timeout`, recorded on AWS: a caught
/// `TaskTimedOut` without a cause passes on `{"Error": "States.Timeout", "Cause": ""}`).
impl From<TaskFailure> for Failure {
    fn from(e: TaskFailure) -> Self {
        let heartbeat = e.error == ErrorName::HeartbeatTimeout;
        let timeout = heartbeat || (e.error == ErrorName::Timeout && !e.unset.error);
        let unset = if timeout { Unset::default() } else { e.unset };
        Failure {
            located: true,
            catchable: e.error != ErrorName::Runtime,
            error: if heartbeat {
                ErrorName::Timeout
            } else {
                e.error
            },
            cause: e.cause,
            heartbeat,
            unset,
            location: None,
            closes_state: false,
            record_ended: false,
            shown: false,
        }
    }
}
