//! The Succeed state.

use super::{JsonataValue, PathOrNull, QueryLanguage};

/// `"Type": "Succeed"`: ends the scope successfully.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SucceedState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `InputPath` (JSONPath).
    pub input_path: Option<PathOrNull>,
    /// `OutputPath` (JSONPath).
    pub output_path: Option<PathOrNull>,
    /// `Output` (JSONata).
    pub output: Option<JsonataValue>,
}
