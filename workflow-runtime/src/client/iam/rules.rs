//! The permissions of the optimized integrations whose rule is the same shape — actions on the
//! resource a request field names, more actions and Step Functions' managed rule for `.sync`
//! — as a table. Integrations whose permissions depend on more of the request (SNS phone
//! numbers, EventBridge entries, SageMaker, S3, HTTP) are written as code beside it.

use super::PolicyContext;
use super::arns::{execution_arns, lambda_arns, sqs_arn};
use super::fields::{
    FUNCTION_NAME, JOB_DEFINITION, JOB_NAME, JOB_QUEUE, QUEUE_URL, RequestField, STATE_MACHINE_ARN,
    TABLE_NAME, TASK_DEFINITION,
};

/// How the value of a request field becomes the ARNs granted.
#[derive(Clone, Copy, Debug)]
pub(super) enum ArnFrom {
    /// The value is the ARN (a state machine).
    Itself,
    /// A Lambda function name, partial ARN or ARN, with or without a qualifier.
    LambdaFunction,
    /// An SQS queue URL.
    SqsQueueUrl,
    /// The executions of the state machine the value names.
    ExecutionsOf,
    /// The resource `{kind}/{value}` of `service`, or the value when it is an ARN.
    Named(&'static str, &'static str),
    /// A revisioned resource (`name`, `name:revision` or an ARN) of `service`.
    Revisioned(&'static str, &'static str),
    /// Always `{kind}/{value}` of `service` (Glue jobs are named, never given as ARNs).
    Prefixed(&'static str, &'static str),
}

impl ArnFrom {
    /// The ARNs `value` names.
    pub(super) fn arns(self, ctx: &PolicyContext, value: &str) -> Vec<String> {
        match self {
            ArnFrom::Itself => vec![value.to_owned()],
            ArnFrom::LambdaFunction => lambda_arns(ctx, value),
            ArnFrom::SqsQueueUrl => sqs_arn(ctx, value),
            ArnFrom::ExecutionsOf => vec![execution_arns(value)],
            ArnFrom::Named(service, kind) => vec![ctx.arn_or_named(service, kind, value)],
            ArnFrom::Revisioned(service, kind) => vec![ctx.revisioned_arn(service, kind, value)],
            ArnFrom::Prefixed(service, kind) => vec![ctx.arn(service, &format!("{kind}/{value}"))],
        }
    }
}

/// `actions` on what the request's `field` names, under a statement id made of `sid`.
#[derive(Debug)]
pub(super) struct Grant {
    /// The words of the statement id.
    pub sid: &'static [&'static str],
    /// The IAM actions; empty for "the API operation the integration calls" (DynamoDB).
    pub actions: &'static [&'static str],
    /// The request field naming the resource (a member of the integration's request shape in
    /// AWS's API models: `fields`' tests check every one).
    pub field: RequestField,
    /// How its value becomes ARNs.
    pub arn: ArnFrom,
    /// Granted only for `.sync` (the actions Step Functions polls and stops the job with).
    pub sync_only: bool,
}

/// What a `.sync` task needs besides its grants.
#[derive(Debug)]
pub(super) struct SyncExtras {
    /// Actions granted on `*`, with the words of the reason (`DescribeJobs` supports no
    /// resource-level permissions, task ids are known only at run time, …).
    pub on_any: Option<(
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    )>,
    /// The EventBridge rule Step Functions manages to learn that the job ended.
    pub managed_rule: &'static str,
}

/// The permissions of one integration (`action` `"*"`: every action of the service).
#[derive(Debug)]
pub(super) struct Rule {
    /// The service, as in the resource (`glue`).
    pub service: &'static str,
    /// The action, as in the resource (`startJobRun`), or `"*"`.
    pub action: &'static str,
    /// What the request's fields name.
    pub grants: &'static [Grant],
    /// What `.sync` adds.
    pub sync: Option<SyncExtras>,
    /// A note for the reader of the policy (permissions the definition cannot show).
    pub note: Option<&'static str>,
}

/// A grant for every pattern.
const fn grant(
    sid: &'static [&'static str],
    actions: &'static [&'static str],
    field: RequestField,
    arn: ArnFrom,
) -> Grant {
    Grant {
        sid,
        actions,
        field,
        arn,
        sync_only: false,
    }
}

/// A grant for `.sync` only.
const fn sync_grant(
    sid: &'static [&'static str],
    actions: &'static [&'static str],
    field: RequestField,
    arn: ArnFrom,
) -> Grant {
    Grant {
        sync_only: true,
        ..grant(sid, actions, field, arn)
    }
}

/// The table.
pub(super) const RULES: &[Rule] = &[
    Rule {
        service: "lambda",
        action: "invoke",
        grants: &[grant(
            &["Lambda", "InvokeFunction"],
            &["lambda:InvokeFunction"],
            FUNCTION_NAME,
            ArnFrom::LambdaFunction,
        )],
        sync: None,
        note: None,
    },
    Rule {
        service: "sqs",
        action: "sendMessage",
        grants: &[grant(
            &["Sqs", "SendMessage"],
            &["sqs:SendMessage"],
            QUEUE_URL,
            ArnFrom::SqsQueueUrl,
        )],
        sync: None,
        note: None,
    },
    Rule {
        service: "dynamodb",
        action: "*",
        // The statement id ends with the action (`DynamoDbGetItem`); the IAM action is the API
        // operation (`dynamodb:GetItem`).
        grants: &[grant(
            &["DynamoDb"],
            &[],
            TABLE_NAME,
            ArnFrom::Named("dynamodb", "table"),
        )],
        sync: None,
        note: None,
    },
    Rule {
        service: "states",
        action: "startExecution",
        grants: &[
            grant(
                &["States", "StartExecution"],
                &["states:StartExecution"],
                STATE_MACHINE_ARN,
                ArnFrom::Itself,
            ),
            sync_grant(
                &["States", "ManageChildExecutions"],
                &["states:DescribeExecution", "states:StopExecution"],
                STATE_MACHINE_ARN,
                ArnFrom::ExecutionsOf,
            ),
        ],
        sync: Some(SyncExtras {
            on_any: None,
            managed_rule: "StepFunctionsGetEventsForStepFunctionsExecutionRule",
        }),
        note: None,
    },
    Rule {
        service: "glue",
        action: "startJobRun",
        grants: &[
            grant(
                &["Glue", "JobRun"],
                &["glue:StartJobRun"],
                JOB_NAME,
                ArnFrom::Prefixed("glue", "job"),
            ),
            sync_grant(
                &["Glue", "JobRun"],
                &["glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"],
                JOB_NAME,
                ArnFrom::Prefixed("glue", "job"),
            ),
        ],
        sync: None,
        note: None,
    },
    Rule {
        service: "batch",
        action: "submitJob",
        grants: &[
            grant(
                &["Batch", "SubmitJob", "Definition"],
                &["batch:SubmitJob"],
                JOB_DEFINITION,
                ArnFrom::Revisioned("batch", "job-definition"),
            ),
            grant(
                &["Batch", "SubmitJob", "Queue"],
                &["batch:SubmitJob"],
                JOB_QUEUE,
                ArnFrom::Named("batch", "job-queue"),
            ),
        ],
        sync: Some(SyncExtras {
            on_any: Some((
                &["Batch", "TrackJobs"],
                &[
                    "DescribeJobs",
                    "Has",
                    "No",
                    "Resource",
                    "Level",
                    "Permissions",
                ],
                &["batch:DescribeJobs", "batch:TerminateJob"],
            )),
            managed_rule: "StepFunctionsGetEventsForBatchJobsRule",
        }),
        note: None,
    },
    Rule {
        service: "ecs",
        action: "runTask",
        grants: &[grant(
            &["Ecs", "RunTask"],
            &["ecs:RunTask"],
            TASK_DEFINITION,
            ArnFrom::Revisioned("ecs", "task-definition"),
        )],
        sync: Some(SyncExtras {
            on_any: Some((
                &["Ecs", "TrackTasks"],
                &["Task", "Ids", "Are", "Known", "Only", "At", "Run", "Time"],
                &["ecs:StopTask", "ecs:DescribeTasks"],
            )),
            managed_rule: "StepFunctionsGetEventsForECSTaskRule",
        }),
        note: Some("add iam:PassRole for the task definition's task and execution roles"),
    },
];

/// The rule of `service:action`, if the table has one.
pub(super) fn rule(service: &str, action: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.service == service && (r.action == action || r.action == "*"))
}
