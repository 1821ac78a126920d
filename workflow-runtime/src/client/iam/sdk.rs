//! AWS SDK integrations (`aws-sdk:SERVICE:action`): `PREFIX:Action`, on the resource the
//! request names where the service is one whose resources are known (S3, Lambda, DynamoDB,
//! SQS, SNS, Step Functions), else on `*`.

use super::PolicyContext;
use super::arns::{lambda_arns, sqs_arn};
use super::builder::{Builder, operation};
use super::fields::{
    EXECUTION_ARN, FUNCTION_NAME, QUEUE_URL, STATE_MACHINE_ARN, TABLE_NAME, TOPIC_ARN,
};
use super::request::Request;

/// The value is the ARN.
fn itself(_: &PolicyContext, value: &str) -> Vec<String> {
    vec![value.to_owned()]
}

/// The IAM prefix of an AWS SDK service name (`sfn` → `states`).
fn iam_prefix(service: &str) -> &str {
    match service {
        "sfn" => "states",
        "cloudwatchlogs" => "logs",
        "eventbridge" => "events",
        "elasticloadbalancingv2" => "elasticloadbalancing",
        "apigatewayv2" => "apigateway",
        "emrserverless" => "emr-serverless",
        "emrcontainers" => "emr-containers",
        "sesv2" => "ses",
        "mediastoredata" => "mediastore",
        other => other,
    }
}

impl Builder<'_> {
    /// Grants what `aws-sdk:service:action` calls.
    pub(super) fn aws_sdk(&mut self, service: &str, action: &str, request: Request<'_>) {
        match (service, action) {
            ("s3", _) => return self.s3(action, request),
            ("lambda", "invoke") => {
                return self.named(
                    &["Lambda", "InvokeFunction"],
                    &["lambda:InvokeFunction"],
                    request,
                    FUNCTION_NAME,
                    lambda_arns,
                );
            }
            _ => {}
        }
        let prefix = iam_prefix(service);
        let iam_action = format!("{prefix}:{}", operation(service, action, true));
        let actions = [iam_action.as_str()];
        let words = [prefix, action];
        match service {
            "dynamodb" => self.named(&words, &actions, request, TABLE_NAME, |c, v| {
                vec![c.arn("dynamodb", &format!("table/{v}"))]
            }),
            "sqs" => self.named(&words, &actions, request, QUEUE_URL, sqs_arn),
            "sns" => self.named(&words, &actions, request, TOPIC_ARN, itself),
            "sfn" if action.ends_with("Execution") && action != "startExecution" => {
                self.named(&words, &actions, request, EXECUTION_ARN, itself)
            }
            "sfn" => self.named(&words, &actions, request, STATE_MACHINE_ARN, itself),
            _ => self.allow_any(
                &[prefix, action],
                &["Its", "Resources", "Are", "Not", "Derived", "Yet"],
                &actions,
            ),
        }
    }
}
