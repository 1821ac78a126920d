//! How states fail: an error name and a cause, matched by Retry and Catch.

use super::handlers::TaskFailure;
use serde_json::{Value, json};
use workflow_asl::ErrorName;
use workflow_asl::eval::EvalError;

/// A state's failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    pub error: String,
    pub cause: String,
}

impl Failure {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }

    /// `States.Runtime`: not caught by `States.ALL`.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Failure::new("States.Runtime", cause)
    }

    /// Whether a Retrier's or Catcher's `ErrorEquals` matches this failure.
    ///
    /// `States.ALL` matches every error but `States.Runtime` and `States.DataLimitExceeded`
    /// (which end the execution); `States.TaskFailed` matches every error but those and
    /// `States.Timeout` (as the service documents it).
    pub fn matches(&self, names: &[ErrorName]) -> bool {
        let terminal = self.error == "States.Runtime" || self.error == "States.DataLimitExceeded";
        names.iter().any(|name| match name {
            ErrorName::All => !terminal,
            ErrorName::TaskFailed => !terminal && self.error != "States.Timeout",
            other => other.as_str() == self.error,
        })
    }

    /// The error output `{"Error": …, "Cause": …}` that a Catcher passes on.
    pub fn error_output(&self) -> Value {
        json!({"Error": self.error, "Cause": self.cause})
    }
}

impl From<EvalError> for Failure {
    fn from(e: EvalError) -> Self {
        Failure::new(e.error, e.cause)
    }
}

impl From<TaskFailure> for Failure {
    fn from(e: TaskFailure) -> Self {
        Failure::new(e.error, e.cause)
    }
}
