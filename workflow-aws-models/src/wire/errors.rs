//! A service's error answer, and the error name and cause Step Functions gives the state.
//!
//! **The names.** An AWS SDK integration's error is `<Service>.<Exception>`: "the resulting
//! error field is composed of the service name and the error name, separated by a period …
//! both in Pascal case" (the Step Functions Developer Guide, `supported-services-awssdk.html`),
//! the service as the AWS SDK for Java v2 names its client and the error as the SDK names the
//! model's error shape ([`crate::Integration::sdk_errors`]): `S3.NoSuchKeyException` (the
//! shape `NoSuchKey`), `DynamoDb.ResourceNotFoundException`, `Sfn.InvalidTokenException`;
//! an error the model does not list is the client's own exception, `DynamoDb.DynamoDbException`,
//! `SecretsManager.SecretsManagerException`. Recorded on AWS (`../shared/aws-recorded`):
//! `error_handling.test_aws_sdk__test_s3_no_such_key`, `…__test_no_such_bucket`,
//! `…__test_dynamodb_put_item_no_such_table`, `…__test_dynamodb_invalid_param`,
//! `…__test_invalid_secret_name`, `services.test_aws_sdk_task_service__test_sfn_send_task_outcome_with_no_such_token_*`.
//! The cause is the message, then `(Service: <Service>, Status Code: <status>, Request ID:
//! <id>)`, S3's with `, Extended Request ID: <id>` before the parenthesis closes (the same
//! recordings).
//!
//! An optimized integration answers as the AWS SDK for Java 1.x did: `<Service>.<Exception>`
//! with the service named by its model's service id (`DynamoDB`, `SQS`, `SNS`, `Lambda`,
//! `EventBridge`; Step Functions' own is `StepFunctions`) and the exception by the error
//! shape's name (`SNS.NotFoundException` for the code `NotFound`); an error the model does not
//! list is the 1.x client's exception (`DynamoDB.AmazonDynamoDBException`,
//! `SQS.AmazonSQSException`). The cause is the message, then `(Service: <1.x client>; Status
//! Code: <status>; Error Code: <code>; Request ID: <id>; Proxy: null)`. Recorded:
//! `error_handling.test_task_service_dynamodb__test_put_item_no_such_table`,
//! `…__test_invalid_param`, `…test_task_service_sqs__test_send_message_empty_body`,
//! `services.test_sns_task_service__test_publish_base_error_topic_arn`,
//! `error_handling.test_task_service_sfn__test_start_execution_no_such_arn`,
//! `error_handling.test_task_service_lambda__test_no_such_function`.

use super::xml;
use super::{WireResponse, wire_model};
use crate::models::{Operation, Service};

/// A service's error answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    service: Service,
    /// The HTTP status.
    pub status: u16,
    /// The error's code as the answer gives it, without a namespace (`ConditionalCheckFailedException`,
    /// `NoSuchKey`, `NotFound`).
    pub code: String,
    /// The model's error shape the code names (`None` for an error the model does not list).
    pub shape: Option<&'static str>,
    /// The message (empty when the answer has none).
    pub message: String,
    /// The request's id (`x-amzn-RequestId`, `x-amz-request-id`, or the body's).
    pub request_id: Option<String>,
    /// S3's extended request id (`x-amz-id-2`, `HostId`).
    pub extended_request_id: Option<String>,
}

impl ServiceError {
    /// The service that answered.
    pub fn service(&self) -> Service {
        self.service
    }

    /// The error an AWS SDK integration fails with, e.g. `S3.NoSuchKeyException`.
    pub fn sdk_error(&self) -> String {
        crate::raises::sdk_error(self.service, self.shape)
    }

    /// The cause an AWS SDK integration fails with: `The specified key does not exist.
    /// (Service: S3, Status Code: 404, Request ID: …, Extended Request ID: …)`.
    pub fn sdk_cause(&self) -> String {
        let mut cause = format!(
            "{} (Service: {}, Status Code: {}, Request ID: {}",
            self.message,
            self.service.error_prefix(),
            self.status,
            self.request_id.as_deref().unwrap_or("null")
        );
        if let Some(extended) = &self.extended_request_id {
            cause.push_str(&format!(", Extended Request ID: {extended}"));
        }
        cause.push(')');
        cause
    }

    /// The service's name in an optimized integration's error: its model's service id without
    /// spaces (`DynamoDB`, `SQS`, `EventBridge`), Step Functions' `StepFunctions`.
    pub fn optimized_prefix(&self) -> String {
        crate::raises::optimized_prefix(self.service)
    }

    fn v1_client(&self) -> String {
        crate::raises::v1_client(self.service)
    }

    /// The error an optimized integration fails with, e.g.
    /// `DynamoDB.ConditionalCheckFailedException`, `SQS.AmazonSQSException`.
    pub fn optimized_error(&self) -> String {
        crate::raises::optimized_error(self.service, self.shape)
    }

    /// The cause an optimized integration fails with: `Requested resource not found (Service:
    /// AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID:
    /// …; Proxy: null)`.
    pub fn optimized_cause(&self) -> String {
        format!(
            "{} (Service: {}; Status Code: {}; Error Code: {}; Request ID: {}; Proxy: null)",
            self.message,
            self.v1_client(),
            self.status,
            self.code,
            self.request_id.as_deref().unwrap_or("null")
        )
    }
}

/// A code without its namespace (`com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`)
/// or the URL some answers append (`ValidationException:http://…`).
fn bare(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    code.rsplit('#').next().unwrap_or(code).trim()
}

/// The code a status stands for when the answer has no body (a `HEAD`'s 404).
fn status_code(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        412 => "PreconditionFailed",
        413 => "RequestEntityTooLarge",
        429 => "TooManyRequests",
        500 => "InternalError",
        501 => "NotImplemented",
        503 => "ServiceUnavailable",
        _ => "UnknownError",
    }
}

/// Reads an error answer of `op`.
pub(super) fn decode(op: Operation, response: &WireResponse<'_>) -> ServiceError {
    let service = op.service();
    let model = wire_model(service);
    let mut code = None;
    let mut message = String::new();
    let mut request_id = response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
        .map(str::to_owned);
    let mut extended_request_id = response.header("x-amz-id-2").map(str::to_owned);
    let body = String::from_utf8_lossy(response.body);
    let trimmed = body.trim();
    if trimmed.starts_with('<') {
        if let Ok(root) = xml::parse(trimmed) {
            // `<Error>` (S3), `<ErrorResponse><Error>` (query), `<Response><Errors><Error>` (EC2).
            let error = if root.name == "Error" {
                Some(&root)
            } else {
                root.child("Error")
                    .or_else(|| root.child("Errors").and_then(|e| e.child("Error")))
            };
            if let Some(error) = error {
                code = error.child("Code").map(|c| c.text.trim().to_owned());
                message = error
                    .child("Message")
                    .map(|m| m.text.clone())
                    .unwrap_or_default();
                if let Some(id) = error.child("RequestId") {
                    request_id = Some(id.text.clone());
                }
                if let Some(host) = error.child("HostId") {
                    extended_request_id = Some(host.text.clone());
                }
            }
            if let Some(id) = root.child("RequestId").or_else(|| root.child("RequestID")) {
                request_id = Some(id.text.clone());
            }
        }
    } else if trimmed.starts_with('{')
        && let Ok(serde_json::Value::Object(doc)) =
            serde_json::from_str::<serde_json::Value>(trimmed)
    {
        code = ["__type", "code", "Code"]
            .iter()
            .find_map(|k| doc.get(*k).and_then(|v| v.as_str()))
            .map(|c| bare(c).to_owned());
        message = ["message", "Message", "errorMessage"]
            .iter()
            .find_map(|k| doc.get(*k).and_then(|v| v.as_str()))
            .unwrap_or_default()
            .to_owned();
    }
    if let Some(header) = response.header("x-amzn-errortype") {
        code = Some(bare(header).to_owned());
    }
    let code = code
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| status_code(response.status).to_owned());
    // An answer without a body names no error: the operation's error of that status (S3's
    // `HeadObject` 404 is `NoSuchKey`, as the SDKs read it), else none.
    let shape = model.error(&code).map(|e| &*e.shape).or_else(|| {
        (trimmed.is_empty())
            .then(|| {
                op.errors().find(|name| {
                    model
                        .error(name)
                        .is_some_and(|e| e.status == response.status)
                })
            })
            .flatten()
    });
    let shape = shape.and_then(|s| {
        // The model's own `&'static str` of the shape.
        model
            .errors
            .iter()
            .find(|e| &*e.shape == s)
            .map(|e| &*e.shape)
    });
    let code = match response.header("x-amzn-query-error") {
        Some(q) if model.meta.query_compatible => q.split(';').next().unwrap_or(q).to_owned(),
        _ => code,
    };
    ServiceError {
        service,
        status: response.status,
        code,
        shape,
        message,
        request_id,
        extended_request_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer<'a>(
        op: &str,
        service: &str,
        status: u16,
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> ServiceError {
        let op = Service::by_botocore_name(service)
            .unwrap()
            .operation(op)
            .unwrap();
        op.decode_error(&WireResponse {
            status,
            headers,
            body,
        })
    }

    #[test]
    fn errors_are_named_as_step_functions_names_them() {
        let s3 = answer(
            "GetObject",
            "s3",
            404,
            &[("x-amz-request-id".into(), "R1".into()), ("x-amz-id-2".into(), "X2".into())],
            b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key></Error>",
        );
        assert_eq!(s3.sdk_error(), "S3.NoSuchKeyException");
        assert_eq!(
            s3.sdk_cause(),
            "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: R1, Extended Request ID: X2)"
        );
        let head = answer("HeadObject", "s3", 404, &[], b"");
        assert_eq!(head.sdk_error(), "S3.NoSuchKeyException");
        let ddb = answer(
            "PutItem",
            "dynamodb",
            400,
            &[("x-amzn-RequestId".into(), "R2".into())],
            br#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#,
        );
        assert_eq!(ddb.sdk_error(), "DynamoDb.ConditionalCheckFailedException");
        assert_eq!(
            ddb.optimized_error(),
            "DynamoDB.ConditionalCheckFailedException"
        );
        assert_eq!(
            ddb.optimized_cause(),
            "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: R2; Proxy: null)"
        );
        let validation = answer(
            "PutItem",
            "dynamodb",
            400,
            &[],
            br#"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}"#,
        );
        assert_eq!(validation.sdk_error(), "DynamoDb.DynamoDbException");
        assert_eq!(
            validation.optimized_error(),
            "DynamoDB.AmazonDynamoDBException"
        );
        let sns = answer(
            "Publish",
            "sns",
            404,
            &[],
            b"<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>R3</RequestId></ErrorResponse>",
        );
        assert_eq!(sns.optimized_error(), "SNS.NotFoundException");
        assert_eq!(sns.sdk_error(), "Sns.NotFoundException");
        assert_eq!(sns.request_id.as_deref(), Some("R3"));
        let sqs = answer(
            "SendMessage",
            "sqs",
            400,
            &[("x-amzn-query-error".into(), "AWS.SimpleQueueService.NonExistentQueue;Sender".into())],
            br#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
        );
        assert_eq!(sqs.optimized_error(), "SQS.QueueDoesNotExistException");
        assert_eq!(sqs.code, "AWS.SimpleQueueService.NonExistentQueue");
        let sfn = answer("StartExecution", "stepfunctions", 400, &[], br#"{"__type":"StateMachineDoesNotExist","message":"State Machine Does Not Exist: 'arn'"}"#);
        assert_eq!(
            sfn.optimized_error(),
            "StepFunctions.StateMachineDoesNotExistException"
        );
        assert_eq!(sfn.sdk_error(), "Sfn.StateMachineDoesNotExistException");
    }
}
