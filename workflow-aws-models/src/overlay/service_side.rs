//! What Step Functions does to a Task's request before the service sees it: the one table of
//! the service-side rules of every optimized integration, and of the AWS SDK integrations,
//! each with its source. The wire codec's callers apply them in one place
//! (`EndpointCall::service_request`, feature `wire`), after the state has made the request and
//! before the service's protocol encodes it.
//!
//! | integration | what Step Functions does to the request | source | applied |
//! |---|---|---|---|
//! | every optimized and AWS SDK integration | member names are written in Step Functions' PascalCase and sent under the API's own names | `supported-services-awssdk.html`; `connect-parameters.html` | by the codec (`Member::name`, the model's wire names) |
//! | `aws-sdk:*` | a blob member given any JSON value is sent as its compact JSON text, a string included (`"text data"` is stored with its quotes) | the ETags AWS recorded for `aws-sdk:s3:putObject` of a string, a number, a Boolean, an object and a list (LocalStack's `test_s3_put_object[str\|num\|bool\|dict\|list]`, `../shared/aws-recorded`): each is the MD5 of the value's JSON text | yes |
//! | `lambda:invoke` | `Payload` given a JSON object (or any value but a string) is sent as its JSON text | `connect-lambda.html` | yes |
//! | `sqs:sendMessage` | `MessageBody` given a JSON object is sent as its JSON text | `connect-sqs.html` | yes |
//! | `sns:publish` | `Message` given a JSON object is sent as its JSON text | `connect-sns.html` | yes |
//! | `events:putEvents` | each entry's `Detail` given a JSON object is sent as its JSON text; the execution's ARN and the state machine's ARN are appended to each entry's `Resources` | `connect-eventbridge.html` ("The execution ARN and the state machine ARN are automatically appended to the `Resources` field of each `PutEventsRequestEntry`") | yes |
//! | `states:startExecution` | `Input` given a JSON object is sent as its JSON text | `connect-stepfunctions.html` | yes |
//! | `bedrock:invokeModel` | `Body` given a JSON object is sent as its JSON text; `Input.S3Uri` and `Output.S3Uri` make Step Functions read the body from S3 and write the answer there | `connect-bedrock.html` | no: its request is Step Functions' own (a handler or a mock answers the Task) |
//! | `apigateway:invoke` | Step Functions' own request: `ApiEndpoint`, `Stage` and `Path` make the URL, `QueryParameters` and `Headers` (values are lists of strings) the query and the headers, `RequestBody` (an object: its JSON text) the body; `AuthType` `IAM_ROLE` signs it with the execution role | `connect-api-gateway.html` | no: the request goes to the user's API, not an AWS API (a handler or a mock answers the Task) |
//! | `http:invoke` | Step Functions' own request to `ApiEndpoint`, with the EventBridge connection's authorization, headers, query and body parameters merged in; `Transform.RequestBodyEncoding` `URL_ENCODED` writes the body as a form | `call-https-apis.html` | no: as API Gateway's |
//! | `eks:call`, `eks:runJob` | Step Functions' own request to the cluster's Kubernetes API | `connect-eks.html` | no: as API Gateway's |
//! | `elasticmapreduce:*` | Step Functions' own request (`ClusterId` with the API's parameters) | `connect-emr.html` | no: the endpoint refuses the Task (its request is no API operation's) |
//! | every other optimized integration (Athena, AWS Batch, CodeBuild, DataBrew, DynamoDB, ECS, EKS's create and delete actions, EMR on EKS, EMR Serverless, Glue, MediaConvert, SageMaker, Bedrock's customization jobs, AgentCore) | the API operation's request, as given (but for the names) | its page (`connect-<service>.html`): no difference is listed | nothing to apply |
//!
//! `tests/aws_endpoint.rs` holds the applied rules to moto's services: an S3 object's ETag
//! beside AWS's recording, SQS's and SNS's message bodies, an EventBridge event's `resources`
//! and `detail` as a rule delivers them to SQS, and a child execution's input.

/// The members Step Functions serialises where it is given a JSON object, one list per
/// optimized integration: the rules below and the overlay's request shapes
/// (`Request::ApiJson`) read the same.
pub(crate) const LAMBDA_JSON: &[&str] = &["Payload"];
/// See [`LAMBDA_JSON`].
pub(crate) const SQS_JSON: &[&str] = &["MessageBody"];
/// See [`LAMBDA_JSON`].
pub(crate) const SNS_JSON: &[&str] = &["Message"];
/// See [`LAMBDA_JSON`].
pub(crate) const EVENTS_JSON: &[&str] = &["Entries/*/Detail"];
/// See [`LAMBDA_JSON`].
pub(crate) const STATES_JSON: &[&str] = &["Input"];

/// One rule.
#[cfg(feature = "wire")]
#[derive(Clone, Copy, Debug)]
pub(crate) enum Does {
    /// The members at these paths (members separated by `/`, `*` for a list's items), given
    /// anything but a string, are sent as its compact JSON text.
    JsonText(&'static [&'static str]),
    /// Every blob member, given any JSON value (a string included), is sent as its compact
    /// JSON text.
    BlobsAsJsonText,
    /// The execution's ARN, then the state machine's, are appended to the list at this path
    /// (made when missing).
    AppendExecutionArns(&'static str),
}

/// The rules of one optimized integration (by its resource's service and action), or of
/// every AWS SDK integration.
#[cfg(feature = "wire")]
pub(crate) struct ServiceSide {
    /// The resource's service (`events`), or `aws-sdk` for every AWS SDK integration.
    pub service: &'static str,
    /// The action (`putEvents`); `None`: every action of the service.
    pub action: Option<&'static str>,
    /// What Step Functions does, in order.
    pub does: &'static [Does],
    /// Where it is documented or recorded.
    pub source: &'static str,
}

/// The rules that are applied, in the order of the table above.
#[cfg(feature = "wire")]
pub(crate) static RULES: [ServiceSide; 6] = [
    ServiceSide {
        service: "aws-sdk",
        action: None,
        does: &[Does::BlobsAsJsonText],
        source: "the ETags AWS recorded for aws-sdk:s3:putObject of a string, a number, a \
                 Boolean, an object and a list (LocalStack's test_s3_put_object, \
                 ../shared/aws-recorded): the MD5 of each value's JSON text",
    },
    ServiceSide {
        service: "lambda",
        action: Some("invoke"),
        does: &[Does::JsonText(LAMBDA_JSON)],
        source: "connect-lambda.html: Payload is the JSON input of the function",
    },
    ServiceSide {
        service: "sqs",
        action: Some("sendMessage"),
        does: &[Does::JsonText(SQS_JSON)],
        source: "connect-sqs.html: MessageBody may be a JSON object, which Step Functions \
                 serialises",
    },
    ServiceSide {
        service: "sns",
        action: Some("publish"),
        does: &[Does::JsonText(SNS_JSON)],
        source: "connect-sns.html: Message may be a JSON object, which Step Functions serialises",
    },
    ServiceSide {
        service: "events",
        action: Some("putEvents"),
        does: &[
            Does::JsonText(EVENTS_JSON),
            Does::AppendExecutionArns("Entries/*/Resources"),
        ],
        source: "connect-eventbridge.html: an entry's Detail may be a JSON object; \"The \
                 execution ARN and the state machine ARN are automatically appended to the \
                 Resources field of each PutEventsRequestEntry\"",
    },
    ServiceSide {
        service: "states",
        action: Some("startExecution"),
        does: &[Does::JsonText(STATES_JSON)],
        source: "connect-stepfunctions.html: Input may be a JSON object, which Step Functions \
                 serialises",
    },
];

/// The rules of the integration of `service` and `action` (`aws-sdk`: an AWS SDK
/// integration).
#[cfg(feature = "wire")]
pub(crate) fn rules_of(
    service: &str,
    action: &str,
) -> impl Iterator<Item = &'static ServiceSide> + use<> {
    let (service, action) = (service.to_owned(), action.to_owned());
    RULES
        .iter()
        .filter(move |r| r.service == service && r.action.is_none_or(|a| a == action))
}
