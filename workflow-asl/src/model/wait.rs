//! The Wait state.

use super::{Expr, IntExpr, JsonataValue, PathOrNull, PayloadTemplate, QueryLanguage, Transition};
use crate::path::PathString;

/// `"Type": "Wait"`: pauses for a duration or until a time.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Next` or `End`.
    pub transition: Option<Transition>,
    /// How long to wait: exactly one of the four forms.
    pub duration: WaitDuration,
    /// `InputPath` (JSONPath).
    pub input_path: Option<PathOrNull>,
    /// `OutputPath` (JSONPath).
    pub output_path: Option<PathOrNull>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Assign`.
    pub assign: Option<PayloadTemplate>,
}

/// The four ways a Wait state says how long to wait.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum WaitDuration {
    /// `Seconds`: a non-negative integer (or JSONata).
    Seconds(IntExpr),
    /// `Timestamp`: an RFC 3339 time such as `2026-01-01T00:00:00Z` (or JSONata, or a
    /// deployment substitution).
    Timestamp(Expr<String>),
    /// `SecondsPath`: a Reference Path to the number of seconds.
    SecondsPath(PathString),
    /// `TimestampPath`: a Reference Path to the timestamp.
    TimestampPath(PathString),
}
