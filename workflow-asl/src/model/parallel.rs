//! The Parallel state.

use super::{
    Branch, Catcher, JsonataValue, PathOrNull, PayloadTemplate, QueryLanguage, Retrier, Transition,
};

/// `"Type": "Parallel"`: runs its branches concurrently; the result is the array of their outputs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParallelState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Next` or `End`.
    pub transition: Option<Transition>,
    /// `Branches`.
    pub branches: Vec<Branch>,
    /// `InputPath` (JSONPath).
    pub input_path: Option<PathOrNull>,
    /// `Parameters` (JSONPath).
    pub parameters: Option<PayloadTemplate>,
    /// `ResultSelector` (JSONPath).
    pub result_selector: Option<PayloadTemplate>,
    /// `ResultPath` (JSONPath).
    pub result_path: Option<PathOrNull>,
    /// `OutputPath` (JSONPath).
    pub output_path: Option<PathOrNull>,
    /// `Arguments` (JSONata).
    pub arguments: Option<JsonataValue>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Assign`.
    pub assign: Option<PayloadTemplate>,
    /// `Retry`.
    pub retry: Option<Vec<Retrier>>,
    /// `Catch`.
    pub catch: Option<Vec<Catcher>>,
}
