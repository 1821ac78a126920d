//! How Step Functions waits for a `.sync` job (feature `wire`): after the call that starts it,
//! the service's describe call, made until the job's status is final, and which final statuses
//! succeed. The models say which operations exist, not that `GetJobRun` follows `StartJobRun`
//! nor which of `JobRunState`'s values end a run: this table says it, from the integration's
//! page of the Step Functions Developer Guide ("Run a Job (.sync)") and the describe call's API
//! reference for its statuses. A job whose status is a failure fails the Task with
//! `States.TaskFailed` and the describe call's answer as the cause (recorded on AWS for Step
//! Functions' own: `callback.test_callback__test_start_execution_sync_delegate_failure` in
//! ../shared/aws-recorded; connect-to-resource.html: "If the job fails, the Task fails").

/// Where a member of the describe call's request comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum From {
    /// The start call's request, at this path.
    Request(&'static [&'static str]),
    /// The start call's answer, at this path (`*`: each item of a list).
    Answer(&'static [&'static str]),
    /// A list of the one value of the start call's answer at this path.
    AnswerInList(&'static [&'static str]),
}

/// When a job has ended, and how.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ending {
    /// The status at `status` (a path in the describe call's answer, `*` for a list's first
    /// item) is one of `succeeded` or `failed`; any other is still running.
    Status {
        status: &'static [&'static str],
        succeeded: &'static [&'static str],
        failed: &'static [&'static str],
    },
    /// ECS: the task has ended when its `LastStatus` is `STOPPED`, and failed when one of its
    /// containers exited with a code other than 0 (connect-ecs.html: the `.sync` pattern
    /// waits for the task to stop; the recorded `test_run_task_sync` answer carries
    /// `Containers[].ExitCode` and `StopCode`).
    EcsTask,
}

/// What the Task's result is made of the describe call's answer.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Made {
    /// The member at this path (`*`: a list's first item; empty: the whole answer).
    At(&'static [&'static str]),
    /// An object whose one member `name` is the value at `path` (CodeBuild's `{Build}` from
    /// `BatchGetBuilds`' `Builds[0]`).
    Wrapped(&'static str, &'static [&'static str]),
}

/// One `.sync` job.
#[derive(Debug)]
pub(crate) struct SyncJob {
    /// The optimized resource's service and action, e.g. `glue`, `startJobRun`.
    pub(crate) service: &'static str,
    pub(crate) action: &'static str,
    /// The describe call (botocore service, operation).
    pub(crate) describe: (&'static str, &'static str),
    /// Its request's members.
    pub(crate) request: &'static [(&'static str, From)],
    pub(crate) ending: Ending,
    pub(crate) result: Made,
    pub(crate) source: &'static str,
}

const SAGEMAKER_ENDED: (&[&str], &[&str]) = (&["Completed"], &["Failed", "Stopped"]);

const fn sagemaker(
    action: &'static str,
    describe: &'static str,
    name: &'static str,
    status: &'static [&'static str],
) -> SyncJob {
    SyncJob {
        service: "sagemaker",
        action,
        describe: ("sagemaker", describe),
        request: &[],
        ending: Ending::Status {
            status,
            succeeded: SAGEMAKER_ENDED.0,
            failed: SAGEMAKER_ENDED.1,
        },
        result: Made::At(&[]),
        source: name,
    }
}

/// Every `.sync` job the endpoint waits for, sorted by service and action.
pub(crate) static SYNC_JOBS: [SyncJob; 15] = [
    SyncJob {
        service: "athena",
        action: "startQueryExecution",
        describe: ("athena", "GetQueryExecution"),
        request: &[("QueryExecutionId", From::Answer(&["QueryExecutionId"]))],
        ending: Ending::Status {
            status: &["QueryExecution", "Status", "State"],
            succeeded: &["SUCCEEDED"],
            failed: &["FAILED", "CANCELLED"],
        },
        result: Made::At(&[]),
        source: "connect-athena.html (.sync returns GetQueryExecution's output); Athena API \
                 reference, QueryExecutionStatus.State",
    },
    SyncJob {
        service: "batch",
        action: "submitJob",
        describe: ("batch", "DescribeJobs"),
        request: &[("Jobs", From::AnswerInList(&["JobId"]))],
        ending: Ending::Status {
            status: &["Jobs", "*", "Status"],
            succeeded: &["SUCCEEDED"],
            failed: &["FAILED"],
        },
        result: Made::At(&["Jobs", "*"]),
        source: "connect-batch.html (.sync returns the job as DescribeJobs describes it); Batch \
                 API reference, JobDetail.status",
    },
    SyncJob {
        service: "bedrock",
        action: "createModelCustomizationJob",
        describe: ("bedrock", "GetModelCustomizationJob"),
        request: &[("JobIdentifier", From::Answer(&["JobArn"]))],
        ending: Ending::Status {
            status: &["Status"],
            succeeded: &["Completed"],
            failed: &["Failed", "Stopped"],
        },
        result: Made::At(&[]),
        source: "connect-bedrock.html (.sync returns GetModelCustomizationJob's output); \
                 Bedrock API reference, ModelCustomizationJobStatus",
    },
    SyncJob {
        service: "codebuild",
        action: "startBuild",
        describe: ("codebuild", "BatchGetBuilds"),
        request: &[("Ids", From::AnswerInList(&["Build", "Id"]))],
        ending: Ending::Status {
            status: &["Builds", "*", "BuildStatus"],
            succeeded: &["SUCCEEDED"],
            failed: &["FAILED", "FAULT", "TIMED_OUT", "STOPPED"],
        },
        result: Made::Wrapped("Build", &["Builds", "*"]),
        source: "connect-codebuild.html (.sync returns StartBuild's output, `{Build}`, of the \
                 finished build); CodeBuild API reference, Build.buildStatus",
    },
    SyncJob {
        service: "databrew",
        action: "startJobRun",
        describe: ("databrew", "DescribeJobRun"),
        request: &[
            ("Name", From::Request(&["Name"])),
            ("RunId", From::Answer(&["RunId"])),
        ],
        ending: Ending::Status {
            status: &["State"],
            succeeded: &["SUCCEEDED"],
            failed: &["FAILED", "STOPPED", "TIMEOUT"],
        },
        result: Made::At(&[]),
        source: "connect-databrew.html (.sync returns DescribeJobRun's output); DataBrew API \
                 reference, JobRunState",
    },
    SyncJob {
        service: "ecs",
        action: "runTask",
        describe: ("ecs", "DescribeTasks"),
        request: &[
            ("Cluster", From::Request(&["Cluster"])),
            ("Tasks", From::Answer(&["Tasks", "*", "TaskArn"])),
        ],
        ending: Ending::EcsTask,
        result: Made::At(&["Tasks", "*"]),
        source: "connect-ecs.html (.sync waits for the task to stop and returns it as \
                 DescribeTasks describes it)",
    },
    SyncJob {
        service: "emr-serverless",
        action: "startJobRun",
        describe: ("emr-serverless", "GetJobRun"),
        request: &[
            ("ApplicationId", From::Answer(&["ApplicationId"])),
            ("JobRunId", From::Answer(&["JobRunId"])),
        ],
        ending: Ending::Status {
            status: &["JobRun", "State"],
            succeeded: &["SUCCESS"],
            failed: &["FAILED", "CANCELLED"],
        },
        result: Made::At(&[]),
        source: "connect-emr-serverless.html (.sync waits for the job run's state); EMR \
                 Serverless API reference, JobRunState",
    },
    SyncJob {
        service: "glue",
        action: "startJobRun",
        describe: ("glue", "GetJobRun"),
        request: &[
            ("JobName", From::Request(&["JobName"])),
            ("RunId", From::Answer(&["JobRunId"])),
        ],
        ending: Ending::Status {
            status: &["JobRun", "JobRunState"],
            succeeded: &["SUCCEEDED"],
            failed: &["FAILED", "ERROR", "TIMEOUT", "STOPPED", "EXPIRED"],
        },
        result: Made::At(&["JobRun"]),
        source: "connect-glue.html (.sync returns GetJobRun's JobRun); Glue API reference, \
                 JobRun.JobRunState",
    },
    SyncJob {
        service: "mediaconvert",
        action: "createJob",
        describe: ("mediaconvert", "GetJob"),
        request: &[("Id", From::Answer(&["Job", "Id"]))],
        ending: Ending::Status {
            status: &["Job", "Status"],
            succeeded: &["COMPLETE"],
            failed: &["ERROR", "CANCELED"],
        },
        result: Made::At(&[]),
        source: "connect-mediaconvert.html (.sync returns GetJob's output); MediaConvert API \
                 reference, JobStatus",
    },
    sagemaker(
        "createHyperParameterTuningJob",
        "DescribeHyperParameterTuningJob",
        "connect-sagemaker.html (.sync returns the matching Describe* output); SageMaker API \
         reference, HyperParameterTuningJobStatus",
        &["HyperParameterTuningJobStatus"],
    ),
    sagemaker(
        "createLabelingJob",
        "DescribeLabelingJob",
        "connect-sagemaker.html; SageMaker API reference, LabelingJobStatus",
        &["LabelingJobStatus"],
    ),
    sagemaker(
        "createProcessingJob",
        "DescribeProcessingJob",
        "connect-sagemaker.html; SageMaker API reference, ProcessingJobStatus",
        &["ProcessingJobStatus"],
    ),
    sagemaker(
        "createTrainingJob",
        "DescribeTrainingJob",
        "connect-sagemaker.html; SageMaker API reference, TrainingJobStatus",
        &["TrainingJobStatus"],
    ),
    sagemaker(
        "createTransformJob",
        "DescribeTransformJob",
        "connect-sagemaker.html; SageMaker API reference, TransformJobStatus",
        &["TransformJobStatus"],
    ),
    SyncJob {
        service: "states",
        action: "startExecution",
        describe: ("stepfunctions", "DescribeExecution"),
        request: &[("ExecutionArn", From::Answer(&["ExecutionArn"]))],
        ending: Ending::Status {
            status: &["Status"],
            succeeded: &["SUCCEEDED"],
            failed: &["FAILED", "TIMED_OUT", "ABORTED"],
        },
        result: Made::At(&[]),
        source: "connect-stepfunctions.html (.sync returns DescribeExecution's output, .sync:2 \
                 with Input and Output parsed); recorded on AWS: \
                 callback.test_callback__test_start_execution_sync, _sync2, \
                 _sync_delegate_failure",
    },
];

/// The SageMaker jobs' request: the job's name, as the start call's request names it
/// (`TrainingJobName` for `DescribeTrainingJob`).
pub(crate) fn sagemaker_name(describe: &str) -> Option<&'static str> {
    Some(match describe {
        "DescribeHyperParameterTuningJob" => "HyperParameterTuningJobName",
        "DescribeLabelingJob" => "LabelingJobName",
        "DescribeProcessingJob" => "ProcessingJobName",
        "DescribeTrainingJob" => "TrainingJobName",
        "DescribeTransformJob" => "TransformJobName",
        _ => return None,
    })
}

/// The job `service:action` starts, if the endpoint waits for it.
pub(crate) fn sync_job(service: &str, action: &str) -> Option<&'static SyncJob> {
    SYNC_JOBS
        .iter()
        .find(|j| j.service == service && j.action == action)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::Service;

    #[test]
    fn every_describe_call_and_member_is_in_the_models() {
        for job in &SYNC_JOBS {
            let op = Service::by_botocore_name(job.describe.0)
                .and_then(|s| s.operation(job.describe.1))
                .unwrap_or_else(|| panic!("{}:{}", job.describe.0, job.describe.1));
            let input = op.input().unwrap();
            for (member, _) in job.request {
                assert!(
                    input.member(member).is_some(),
                    "{}.{member}",
                    job.describe.1
                );
            }
            if let Some(name) = sagemaker_name(job.describe.1) {
                assert!(input.member(name).is_some(), "{name}");
            }
            assert!(
                crate::Integration::named(job.service, job.action, crate::Pattern::Sync).is_ok(),
                "{}:{}.sync",
                job.service,
                job.action
            );
        }
    }
}
