//! The Pass state.

use super::{JsonataValue, PathOrNull, PayloadTemplate, QueryLanguage, Transition};
use serde_json::Value;

/// `"Type": "Pass"`: passes its input to its output, optionally injecting `Result`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PassState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Next` or `End`.
    pub transition: Option<Transition>,
    /// `InputPath` (JSONPath).
    pub input_path: Option<PathOrNull>,
    /// `Parameters` (JSONPath).
    pub parameters: Option<PayloadTemplate>,
    /// `Result` (JSONPath): a static value used as the state's result.
    pub result: Option<Value>,
    /// `ResultPath` (JSONPath).
    pub result_path: Option<PathOrNull>,
    /// `OutputPath` (JSONPath).
    pub output_path: Option<PathOrNull>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
    /// `Assign`.
    pub assign: Option<PayloadTemplate>,
}
