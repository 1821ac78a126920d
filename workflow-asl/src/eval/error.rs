//! The error every evaluation returns: an ASL error name and a human-readable cause, as they
//! appear in an execution's failure event.

use crate::ErrorName;
use std::fmt;

/// An evaluation failure: the ASL error name (what `Retry`/`Catch` match) and the cause.
///
/// Causes read like AWS's, without the `An error occurred while executing the state 'X'
/// (entered at the event id #N).` prefix, which the engine adds because only it knows the
/// state and the event id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EvalError {
    /// The error name, e.g. [`ErrorName::Runtime`] or [`ErrorName::IntrinsicFailure`].
    pub error: ErrorName,
    /// What went wrong, e.g. `Invalid path '$.nope' : No results for path: $['nope']`.
    pub cause: String,
}

impl EvalError {
    /// An error with any name.
    pub fn new(error: impl Into<ErrorName>, cause: impl Into<String>) -> Self {
        EvalError {
            error: error.into(),
            cause: cause.into(),
        }
    }

    /// `States.Runtime`: a path that selects nothing, an unknown variable, a malformed path.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Self::new(ErrorName::Runtime, cause)
    }

    /// `States.IntrinsicFailure`: an intrinsic function failed.
    pub fn intrinsic_failure(cause: impl Into<String>) -> Self {
        Self::new(ErrorName::IntrinsicFailure, cause)
    }

    /// `States.ParameterPathFailure`: a path inside `Parameters` failed (the ASL's name; AWS
    /// itself reports a missing `Parameters` path as `States.Runtime`, and so does
    /// [`Template`](super::Template)).
    pub fn parameter_path_failure(cause: impl Into<String>) -> Self {
        Self::new(ErrorName::ParameterPathFailure, cause)
    }

    /// `States.ResultPathMatchFailure`: `ResultPath` cannot be applied to the state input.
    pub fn result_path_match_failure(cause: impl Into<String>) -> Self {
        Self::new(ErrorName::ResultPathMatchFailure, cause)
    }

    /// `States.QueryEvaluationError`: a JSONata expression failed.
    pub fn query_evaluation_error(cause: impl Into<String>) -> Self {
        Self::new(ErrorName::QueryEvaluationError, cause)
    }

    /// `States.DataLimitExceeded`: a value built by a payload template is larger than the
    /// limit it was evaluated within ([`Template::evaluate_within`](super::Template::evaluate_within)).
    pub fn data_limit_exceeded(cause: impl Into<String>) -> Self {
        Self::new(ErrorName::DataLimitExceeded, cause)
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for EvalError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_name_the_error() {
        assert_eq!(EvalError::runtime("x").error, ErrorName::Runtime);
        assert_eq!(EvalError::runtime("x").error, "States.Runtime");
        assert_eq!(
            EvalError::intrinsic_failure("x").error,
            "States.IntrinsicFailure"
        );
        assert_eq!(
            EvalError::parameter_path_failure("x").error,
            "States.ParameterPathFailure"
        );
        assert_eq!(
            EvalError::result_path_match_failure("x").error,
            "States.ResultPathMatchFailure"
        );
        assert_eq!(
            EvalError::query_evaluation_error("x").error,
            "States.QueryEvaluationError"
        );
        assert_eq!(EvalError::new("My.Error", "why").cause, "why");
    }

    #[test]
    fn display_shows_error_and_cause() {
        let e = EvalError::runtime("Invalid path '$.a' : No results for path: $['a']");
        assert_eq!(
            e.to_string(),
            "States.Runtime: Invalid path '$.a' : No results for path: $['a']"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("States.Runtime"));
    }
}
