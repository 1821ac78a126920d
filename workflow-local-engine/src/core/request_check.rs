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
//!
//! What the service itself refuses before doing anything ([`service_refusal`]: DynamoDB's
//! expression rules, [`workflow_aws_models::Integration::check_expressions`]) fails the
//! scheduled task as the service's answer would, whatever would have answered it (a handler,
//! a mock, an endpoint).

use super::error::Failure;
use super::task_outcome::TaskFailure;
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

/// The failure of a Task whose request DynamoDB refuses before doing anything (its
/// expressions: [`workflow_aws_models::Integration::check_expressions`]), as Step Functions
/// reports the service's `ValidationException`: an optimized integration's
/// `DynamoDB.AmazonDynamoDBException` with `<message> (Service: AmazonDynamoDBv2; Status
/// Code: 400; Error Code: ValidationException; Request ID: <id>; Proxy: null)` (recorded on
/// AWS: `error_handling.test_task_service_dynamodb__test_invalid_param`), an AWS SDK
/// integration's `DynamoDb.DynamoDbException` with `<message> (Service: DynamoDb, Status Code:
/// 400, Request ID: <id>)` (recorded: `…test_aws_sdk__test_dynamodb_invalid_param`). The
/// request's id is made from the request, so that a run is repeatable.
pub(crate) fn service_refusal(resource: &Resource, request: &Value) -> Option<TaskFailure> {
    let integration = resource.integration()?;
    let refusal = integration.check_expressions(request)?;
    let id = request_id(&request.to_string());
    let message = refusal.message;
    Some(if integration.is_sdk() {
        TaskFailure::new(
            "DynamoDb.DynamoDbException",
            format!("{message} (Service: DynamoDb, Status Code: 400, Request ID: {id})"),
        )
    } else {
        TaskFailure::new(
            "DynamoDB.AmazonDynamoDBException",
            format!(
                "{message} (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException; Request ID: {id}; Proxy: null)"
            ),
        )
    })
}

/// A request id of DynamoDB's form (52 capitals and digits), made from `text` (FNV-1a).
fn request_id(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..52)
        .map(|_| {
            hash = hash
                .wrapping_mul(0x5851_f42d_4c95_7f2d)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(
                ALPHABET
                    .get(((hash >> 33) % 36) as usize)
                    .copied()
                    .unwrap_or(b'A'),
            )
        })
        .collect()
}
