//! What a Task sends, checked as Step Functions checks it when the task starts.
//!
//! Step Functions checks the JSON type of the text members of a request against the
//! integration's API and converts nothing: a number or an object where a string is needed
//! stops the task before it is scheduled, and the state fails with `States.Runtime`, which no
//! Retrier or Catcher handles. Recorded: an object as DynamoDB's `S` (aws-cdk issue 9181) and
//! a number as Lambda's `Payload` (a question of 2023 quoting the execution's cause: "The
//! Parameters '{"FunctionName":"…","Payload":1}' could not be used to start the Task: [The
//! value for the field 'Payload' must be a STRING]"). The rule itself, which members it
//! covers and its words, is [`workflow_aws_models::ShapeKind::start_failure`]; other
//! findings of the request check are left to the service, as AWS has not been seen to stop
//! on them. A JSONata state's cause names its `Arguments` (inferred: no recording yet).

use super::error::Failure;
use serde_json::Value;
use workflow_aws_models::Resource;

/// The failure of a Task that calls `resource` with `request` when Step Functions would not
/// start it, else `None`.
pub(crate) fn start_failure(
    resource: &Resource,
    request: &Value,
    jsonata: bool,
) -> Option<Failure> {
    let integration = resource.integration()?;
    let reason = integration
        .check_request_in_full(request)
        .findings
        .iter()
        .find_map(|f| f.start_failure())?;
    let field = if jsonata { "Arguments" } else { "Parameters" };
    Some(Failure::runtime(format!(
        "The {field} '{request}' could not be used to start the Task: [{reason}]"
    )))
}
