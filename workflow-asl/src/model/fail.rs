//! The Fail state.

use super::{Expr, QueryLanguage, ValueOrPath};

/// `"Type": "Fail"`: ends the execution with an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Error` or `ErrorPath`: the error name (a JSONata expression in JSONata states).
    pub error: Option<ValueOrPath<Expr<String>>>,
    /// `Cause` or `CausePath`: the human-readable cause (a JSONata expression in JSONata
    /// states).
    pub cause: Option<ValueOrPath<Expr<String>>>,
}
