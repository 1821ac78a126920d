use workflow_runtime::workflow;

// `emr-serverless:startApplication.sync` answers `{ApplicationId}`.
workflow! {
    pub Case {
        "Start": emr_serverless::start_application.sync {
            ApplicationId: "00f1abcd2efgh3ij",
        } result_path = $.app -> "Run";
        "Run": emr_serverless::start_job_run.sync {
            ApplicationId: $.app.ApplicationID,
            ExecutionRoleArn: "arn:aws:iam::123456789012:role/emr-jobs",
            JobDriver: { SparkSubmit: { EntryPoint: "s3://bucket/job.py" } },
        } result_path = $.run -> "Done";
        "Done": succeed;
    }
}

fn main() {}
