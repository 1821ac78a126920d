//! The request fields the policy reads, by the names AWS's API models give them. Each is a
//! member of the request shape of the integrations that read it: the tests below resolve every
//! one (and every field of the rule table, see [`super::rules`]) against `workflow-aws-models`,
//! so a misspelt name fails a test instead of silently granting `*`.

/// A member of an integration's request, by the name Step Functions writes it (`TableName`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RequestField(&'static str);

impl RequestField {
    /// The field written `name`.
    pub(super) const fn new(name: &'static str) -> Self {
        RequestField(name)
    }

    /// The name as the request writes it.
    pub(super) fn name(self) -> &'static str {
        self.0
    }
}

/// Lambda `invoke`: the function.
pub(super) const FUNCTION_NAME: RequestField = RequestField::new("FunctionName");
/// SQS: the queue's URL.
pub(super) const QUEUE_URL: RequestField = RequestField::new("QueueUrl");
/// DynamoDB: the table.
pub(super) const TABLE_NAME: RequestField = RequestField::new("TableName");
/// Step Functions: the state machine an execution starts or a call reads.
pub(super) const STATE_MACHINE_ARN: RequestField = RequestField::new("StateMachineArn");
/// Step Functions: the execution a call reads or stops.
pub(super) const EXECUTION_ARN: RequestField = RequestField::new("ExecutionArn");
/// Glue `startJobRun`: the job.
pub(super) const JOB_NAME: RequestField = RequestField::new("JobName");
/// Batch `submitJob`: the job definition.
pub(super) const JOB_DEFINITION: RequestField = RequestField::new("JobDefinition");
/// Batch `submitJob`: the job queue.
pub(super) const JOB_QUEUE: RequestField = RequestField::new("JobQueue");
/// ECS `runTask`: the task definition.
pub(super) const TASK_DEFINITION: RequestField = RequestField::new("TaskDefinition");
/// SNS `publish`: the topic.
pub(super) const TOPIC_ARN: RequestField = RequestField::new("TopicArn");
/// SNS `publish`: a topic or a mobile endpoint.
pub(super) const TARGET_ARN: RequestField = RequestField::new("TargetArn");
/// SNS `publish`: an SMS recipient.
pub(super) const PHONE_NUMBER: RequestField = RequestField::new("PhoneNumber");
/// EventBridge `putEvents`: the events.
pub(super) const ENTRIES: RequestField = RequestField::new("Entries");
/// EventBridge `putEvents`: an event's bus (the default bus when missing).
pub(super) const EVENT_BUS_NAME: RequestField = RequestField::new("EventBusName");
/// S3: the bucket.
pub(super) const BUCKET: RequestField = RequestField::new("Bucket");
/// S3: the object's key.
pub(super) const KEY: RequestField = RequestField::new("Key");
/// S3 `ResultWriter`: the prefix the results are written under (Step Functions' own
/// parameter, which no API model has).
pub(super) const PREFIX: RequestField = RequestField::new("Prefix");
/// HTTP `invoke`: the method.
pub(super) const METHOD: RequestField = RequestField::new("Method");
/// HTTP `invoke`: the URL.
pub(super) const API_ENDPOINT: RequestField = RequestField::new("ApiEndpoint");
/// HTTP `invoke`: the EventBridge connection holding the credentials.
pub(super) const AUTHENTICATION: RequestField = RequestField::new("Authentication");
/// HTTP `invoke` `Authentication`: the connection's ARN.
pub(super) const CONNECTION_ARN: RequestField = RequestField::new("ConnectionArn");
/// SageMaker: the role a job runs as.
pub(super) const ROLE_ARN: RequestField = RequestField::new("RoleArn");
/// SageMaker `createModel`: the role the model runs as.
pub(super) const EXECUTION_ROLE_ARN: RequestField = RequestField::new("ExecutionRoleArn");
/// A tuning job's training jobs (`CreateHyperParameterTuningJob`), holding their `RoleArn`.
pub(super) const TRAINING_JOB_DEFINITION: RequestField = RequestField::new("TrainingJobDefinition");

#[cfg(test)]
mod tests {
    use super::super::rules::RULES;
    use super::super::sagemaker::JOBS;
    use super::*;
    use workflow_aws_models::{Integration, Shape};

    /// The request shape of the optimized integration `service:action`.
    fn optimized(service: &str, action: &str) -> Shape {
        Integration::optimized()
            .find(|i| i.service() == service && i.action() == action)
            .and_then(|i| i.request())
            .unwrap_or_else(|| panic!("no request shape for `{service}:{action}`"))
    }

    /// The request shape of the AWS SDK integration `aws-sdk:service:action`.
    fn sdk(service: &str, action: &str) -> Shape {
        Integration::named_sdk(service, action)
            .ok()
            .and_then(|i| i.request())
            .unwrap_or_else(|| panic!("no request shape for `aws-sdk:{service}:{action}`"))
    }

    /// Asserts that `path` (members, each below the last; a list's members below its item)
    /// names a member of `shape`.
    fn assert_member(shape: Shape, path: &[RequestField], of: &str) {
        let mut at = shape;
        for field in path {
            let member = at
                .member(field.name())
                .unwrap_or_else(|| panic!("`{}` is not a member of {of}'s {at:?}", field.name()));
            assert_eq!(member.name(), field.name(), "{of}: spelt as the model does");
            at = member.shape().item().unwrap_or(member.shape());
        }
    }

    #[test]
    fn every_rule_field_is_a_member_of_its_requests() {
        let mut checked = 0;
        for rule in RULES {
            let integrations: Vec<Integration> = Integration::optimized()
                .filter(|i| i.service() == rule.service)
                .filter(|i| rule.action == "*" || i.action() == rule.action)
                .collect();
            assert!(
                !integrations.is_empty(),
                "no optimized integration `{}:{}`",
                rule.service,
                rule.action
            );
            for integration in integrations {
                let shape = integration.request().expect("a modelled request");
                for grant in rule.grants {
                    assert_member(shape, &[grant.field], &integration.resource());
                    checked += 1;
                }
            }
        }
        assert!(checked >= 12, "{checked}");
    }

    #[test]
    fn every_sagemaker_field_is_a_member_of_its_request() {
        for job in JOBS {
            let shape = optimized("sagemaker", job.action);
            assert_member(shape, &[job.name], job.action);
            if !job.role.is_empty() {
                assert_member(shape, job.role, job.action);
            }
        }
        // Every optimized SageMaker action has an entry.
        for integration in Integration::optimized().filter(|i| i.service() == "sagemaker") {
            let action = integration.action();
            assert!(JOBS.iter().any(|j| j.action == action), "{action}");
        }
    }

    #[test]
    fn every_field_read_by_hand_is_a_member_of_its_request() {
        let sns = optimized("sns", "publish");
        for field in [TOPIC_ARN, TARGET_ARN, PHONE_NUMBER] {
            assert_member(sns, &[field], "sns:publish");
        }
        let events = optimized("events", "putEvents");
        assert_member(events, &[ENTRIES, EVENT_BUS_NAME], "events:putEvents");
        let http = optimized("http", "invoke");
        assert_member(http, &[METHOD], "http:invoke");
        assert_member(http, &[API_ENDPOINT], "http:invoke");
        assert_member(http, &[AUTHENTICATION, CONNECTION_ARN], "http:invoke");
        // S3, read by the Distributed Map's `ItemReader` / `ResultWriter` and `aws-sdk:s3`.
        // (`ResultWriter`'s `Prefix` is Step Functions' own: no model has it.)
        for action in ["getObject", "putObject", "headObject", "deleteObject"] {
            assert_member(sdk("s3", action), &[BUCKET], action);
            assert_member(sdk("s3", action), &[KEY], action);
        }
        for action in ["listObjectsV2", "listObjects", "headBucket"] {
            assert_member(sdk("s3", action), &[BUCKET], action);
        }
        // The AWS SDK integrations whose resources are derived.
        assert_member(sdk("lambda", "invoke"), &[FUNCTION_NAME], "aws-sdk:lambda");
        for action in ["getItem", "putItem", "query", "deleteTable"] {
            assert_member(sdk("dynamodb", action), &[TABLE_NAME], action);
        }
        assert_member(sdk("sqs", "sendMessage"), &[QUEUE_URL], "aws-sdk:sqs");
        assert_member(sdk("sns", "publish"), &[TOPIC_ARN], "aws-sdk:sns");
        for action in ["describeExecution", "stopExecution", "redriveExecution"] {
            assert_member(sdk("sfn", action), &[EXECUTION_ARN], action);
        }
        for action in ["startExecution", "describeStateMachine"] {
            assert_member(sdk("sfn", action), &[STATE_MACHINE_ARN], action);
        }
    }

    #[test]
    fn a_misspelt_field_is_not_a_member() {
        let shape = optimized("dynamodb", "getItem");
        assert!(shape.member("TableNmae").is_none());
        assert!(shape.member(TABLE_NAME.name()).is_some());
    }
}
