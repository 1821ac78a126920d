//! The Fail state.

use super::{QueryLanguage, ValueOrPath};

/// `"Type": "Fail"`: ends the execution with an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Error` or `ErrorPath`: the error name.
    pub error: Option<ValueOrPath<String>>,
    /// `Cause` or `CausePath`: the human-readable cause.
    pub cause: Option<ValueOrPath<String>>,
}
