//! The Task state.

use super::{
    Catcher, IntExpr, JsonataValue, PathOrNull, PayloadTemplate, QueryLanguage, Retrier,
    Transition, ValueOrPath,
};
use workflow_aws_models::Resource;

/// `"Type": "Task"`: calls a resource (a service integration, a Lambda function, an activity).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskState {
    /// `Comment`.
    pub comment: Option<String>,
    /// `QueryLanguage`.
    pub query_language: Option<QueryLanguage>,
    /// `Next` or `End`.
    pub transition: Option<Transition>,
    /// `Resource`: the ARN or integration to call, parsed when decoded.
    pub resource: Resource,
    /// `TimeoutSeconds` or `TimeoutSecondsPath`.
    pub timeout: Option<ValueOrPath<IntExpr>>,
    /// `HeartbeatSeconds` or `HeartbeatSecondsPath`.
    pub heartbeat: Option<ValueOrPath<IntExpr>>,
    /// `Credentials`: the role to assume for the call.
    pub credentials: Option<PayloadTemplate>,
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
