//! SageMaker: the resource each action creates (by the name its request gives it, in lower
//! case as SageMaker's ARNs hold it), the actions `.sync` tracks the job with, Step Functions'
//! managed rule, and `iam:PassRole` for the role the request names.

use super::builder::{Builder, operation, sid};
use super::fields::{EXECUTION_ROLE_ARN, ROLE_ARN, RequestField, TRAINING_JOB_DEFINITION};
use super::request::{Field, Request};
use serde_json::json;

/// What one SageMaker action creates and needs.
#[derive(Debug)]
pub(super) struct Job {
    /// The action, as in the resource (`createTrainingJob`).
    pub(super) action: &'static str,
    /// The resource type in the ARN (`training-job`).
    pub(super) kind: &'static str,
    /// The request field naming the resource.
    pub(super) name: RequestField,
    /// The actions `.sync` polls and stops the job with.
    pub(super) track: &'static [&'static str],
    /// The EventBridge rule Step Functions manages for `.sync`.
    pub(super) rule: Option<&'static str>,
    /// The fields leading to the role passed to SageMaker (`RoleArn`, or
    /// `TrainingJobDefinition` → `RoleArn` for a tuning job); empty when the request names none.
    pub(super) role: &'static [RequestField],
}

/// The optimized SageMaker actions.
pub(super) const JOBS: &[Job] = &[
    Job {
        action: "createTrainingJob",
        kind: "training-job",
        name: RequestField::new("TrainingJobName"),
        track: &["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
        rule: Some("StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
        role: &[ROLE_ARN],
    },
    Job {
        action: "createTransformJob",
        kind: "transform-job",
        name: RequestField::new("TransformJobName"),
        track: &[
            "sagemaker:DescribeTransformJob",
            "sagemaker:StopTransformJob",
        ],
        rule: Some("StepFunctionsGetEventsForSageMakerTransformJobsRule"),
        role: &[],
    },
    Job {
        action: "createHyperParameterTuningJob",
        kind: "hyper-parameter-tuning-job",
        name: RequestField::new("HyperParameterTuningJobName"),
        track: &[
            "sagemaker:DescribeHyperParameterTuningJob",
            "sagemaker:StopHyperParameterTuningJob",
            "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
        ],
        rule: Some("StepFunctionsGetEventsForSageMakerTuningJobsRule"),
        role: &[TRAINING_JOB_DEFINITION, ROLE_ARN],
    },
    Job {
        action: "createProcessingJob",
        kind: "processing-job",
        name: RequestField::new("ProcessingJobName"),
        track: &[
            "sagemaker:DescribeProcessingJob",
            "sagemaker:StopProcessingJob",
        ],
        rule: Some("StepFunctionsGetEventsForSageMakerProcessingJobsRule"),
        role: &[ROLE_ARN],
    },
    Job {
        action: "createLabelingJob",
        kind: "labeling-job",
        name: RequestField::new("LabelingJobName"),
        track: &["sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"],
        rule: None,
        role: &[ROLE_ARN],
    },
    Job {
        action: "createModel",
        kind: "model",
        name: RequestField::new("ModelName"),
        track: &[],
        rule: None,
        role: &[EXECUTION_ROLE_ARN],
    },
    Job {
        action: "createEndpointConfig",
        kind: "endpoint-config",
        name: RequestField::new("EndpointConfigName"),
        track: &[],
        rule: None,
        role: &[],
    },
    Job {
        action: "createEndpoint",
        kind: "endpoint",
        name: RequestField::new("EndpointName"),
        track: &[],
        rule: None,
        role: &[],
    },
    Job {
        action: "updateEndpoint",
        kind: "endpoint",
        name: RequestField::new("EndpointName"),
        track: &[],
        rule: None,
        role: &[],
    },
];

impl Builder<'_> {
    /// Grants what the SageMaker `action` needs (and its `.sync` tracking when `sync`).
    pub(super) fn sagemaker(&mut self, action: &str, sync: bool, request: Request<'_>) {
        let iam_action = format!("sagemaker:{}", operation("sagemaker", action, false));
        let Some(job) = JOBS.iter().find(|j| j.action == action) else {
            self.allow_any(
                &["SageMaker", action],
                &["Its", "Resources", "Are", "Not", "Derived", "Yet"],
                &[iam_action.as_str()],
            );
            return;
        };
        let mut actions = vec![iam_action.as_str()];
        if sync {
            actions.extend(job.track);
        }
        let (ctx, kind) = (self.ctx, job.kind);
        match request.field(job.name) {
            Field::Literal(v) => {
                // SageMaker ARNs hold names in lower case.
                let arn = ctx.arn("sagemaker", &format!("{kind}/{}", v.to_ascii_lowercase()));
                self.allow(sid(&["SageMaker", kind]), &actions, vec![arn]);
            }
            Field::Dynamic | Field::Missing => {
                let arn = ctx.arn("sagemaker", &format!("{kind}/*"));
                self.allow(
                    sid(&[
                        "SageMaker",
                        kind,
                        "Any",
                        "Name",
                        "Because",
                        job.name.name(),
                        "IsComputedAtRunTime",
                    ]),
                    &actions,
                    vec![arn],
                );
            }
        }
        if sync && let Some(rule) = job.rule {
            self.events_rule(rule);
        }
        if let Some((role, parents)) = job.role.split_last() {
            let holder = parents.iter().fold(request, |r, f| r.part(*f));
            self.pass_role(holder, *role);
        }
    }

    /// Grants `iam:PassRole` to SageMaker for the role the request's `role` names, if any.
    fn pass_role(&mut self, request: Request<'_>, role: RequestField) {
        let condition = json!({"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}});
        match request.field(role) {
            Field::Missing => {}
            Field::Literal(v) => self.allow_if(
                sid(&["PassRole", "To", "SageMaker"]),
                &["iam:PassRole"],
                vec![v.to_owned()],
                Some(condition),
            ),
            Field::Dynamic => self.allow_if(
                sid(&[
                    "PassRole",
                    "To",
                    "SageMaker",
                    "AnyRoleBecause",
                    role.name(),
                    "IsComputedAtRunTime",
                ]),
                &["iam:PassRole"],
                vec!["*".into()],
                Some(condition),
            ),
        }
    }
}
