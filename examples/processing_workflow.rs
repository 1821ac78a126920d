//! The seeds' one-step SageMaker Processing workflow (`ProcessingStep` of the AWS Step
//! Functions Data Science SDK), with its `ExecutionInput` schema: `PreprocessingJobName`,
//! `InputMessage` and `OutputProcessedMessage`, each a string, each checked at compile time
//! where the workflow reads it (`input.…` becomes `$$.Execution.Input.…`).
//!
//! - `cargo run --example processing_workflow --features sagemaker` runs it on the local engine, the processing job
//!   answered by a Rust handler that plays SageMaker: it checks the request, "runs" the job for
//!   seven minutes of virtual time (no real time passes) and returns the job's description
//!   with `ProcessingJobStatus: Completed`, as the `.sync` integration does; it prints the
//!   states entered, the virtual time elapsed and the real time taken;
//! - `-- --fail` runs the job into a failure (`ProcessingJobStatus: Failed`): the task, and so
//!   the execution, fails with `States.TaskFailed`, the job's description as the cause;
//! - `-- --job-name NAME` names the job (default: `bsm-batch-preprocessing-daily-…`);
//! - `-- --asl` prints only the ASL definition;
//! - `-- --aws [--name NAME]` deploys it to Step Functions (create-or-update; role from
//!   `WORKFLOW_ROLE_ARN`; the default AWS configuration chain, which honours
//!   `AWS_ENDPOINT_URL_SFN`), executes it, waits and prints the status and the output. The
//!   execution role must be allowed to create SageMaker processing jobs and pass their role.
//!
//! The SageMaker call is the Python SDK's `ProcessingStep`, a form of the `workflow!` language
//! (`sagemaker::ProcessingStep { processor, job_name, inputs, outputs }`): it writes the
//! `sagemaker:createProcessingJob.sync` request the SDK writes, and that request is checked at
//! compile time against SageMaker's API model (`CreateProcessingJob`).

mod common;

use clap::Parser;
use workflow_runtime::engine::blocking;

use serde::Deserialize;
use serde_json::{Value, json};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use workflow_runtime::asl::ErrorName;
use workflow_runtime::engine::{Engine, TaskCall, TaskFailure, TaskOutput};
use workflow_runtime::workflow;

workflow! {
    /// A one-step workflow that runs a SageMaker Processing job.
    pub ProcessingWorkflow {
        input {
            PreprocessingJobName: string,
            InputMessage: string,
            OutputProcessedMessage: string,
        }

        // The Python SDK's `ProcessingStep` with the SageMaker SDK's `Processor`,
        // `ProcessingInput` and `ProcessingOutput` (`.sync`, 30 GB, `File`, `S3Prefix`,
        // `FullyReplicated`, `EndOfJob`, inputs and outputs named `input-1`, `output-1`).
        "Processing Step": sagemaker::ProcessingStep {
            processor: {
                role: "arn:aws:iam::123456789012:role/SageMakerProcessingRole",
                image_uri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/preprocessing:latest",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                entrypoint: ["python3", "/opt/program/my_script.py"],
                max_runtime_in_seconds: 86400,
            },
            job_name: input.PreprocessingJobName,
            inputs: [{ source: input.InputMessage, destination: "/opt/ml/processing/input" }],
            outputs: [{
                source: "/opt/ml/processing/output",
                destination: input.OutputProcessedMessage,
            }],
        };
    }
}

/// What the handler reads of `CreateProcessingJob`'s request; the rest is echoed back.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateProcessingJob {
    processing_job_name: String,
    role_arn: String,
    processing_inputs: Vec<ProcessingInput>,
    processing_output_config: ProcessingOutputConfig,
    stopping_condition: StoppingCondition,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessingInput {
    input_name: String,
    s3_input: S3Location,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessingOutputConfig {
    outputs: Vec<ProcessingOutput>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessingOutput {
    output_name: String,
    s3_output: S3Location,
}

#[derive(Deserialize)]
struct S3Location {
    #[serde(rename = "S3Uri")]
    s3_uri: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StoppingCondition {
    max_runtime_in_seconds: u64,
}

/// How long the local job "runs", on the engine's virtual clock.
const JOB_RUNTIME: Duration = Duration::from_secs(7 * 60);
/// When the local job starts: a fixed epoch (2024-04-07T00:00:00Z, the seed's date), so that
/// the output is reproducible.
const JOB_START_MILLIS: i64 = 1_712_448_000_000;

/// A timestamp as DescribeProcessingJob's result carries it: an ISO 8601 string (the engine
/// checks the result against the API's model, as AWS's TestState API checks mocks).
fn timestamp(unix_millis: i64) -> Value {
    json!(workflow_runtime::asl::timestamp::format_rfc3339_millis(
        unix_millis
    ))
}

/// SageMaker's `CreateProcessingJob` + `DescribeProcessingJob` until the job ends, as the
/// `.sync` integration runs them. With `fail`, the script exits with an error.
async fn sagemaker_processing(call: TaskCall, fail: bool) -> Result<TaskOutput, TaskFailure> {
    let job: CreateProcessingJob = serde_json::from_value(call.input.clone()).map_err(|e| {
        TaskFailure::new(
            "SageMaker.AmazonSageMakerException",
            format!("1 validation error detected: {e} (Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException)"),
        )
    })?;
    // The checks SageMaker makes before it accepts the job.
    let name_ok = !job.processing_job_name.is_empty()
        && job.processing_job_name.len() <= 63
        && job
            .processing_job_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !name_ok {
        return Err(TaskFailure::new(
            "SageMaker.AmazonSageMakerException",
            format!(
                "1 validation error detected: Value '{}' at 'processingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){{0,62}} (Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException)",
                job.processing_job_name
            ),
        ));
    }
    if !job.role_arn.starts_with("arn:aws:iam::") {
        return Err(TaskFailure::new(
            "SageMaker.AmazonSageMakerException",
            format!(
                "1 validation error detected: Value '{}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws[a-z\\-]*:iam::\\d{{12}}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$ (Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException)",
                job.role_arn
            ),
        ));
    }
    let uris = job
        .processing_inputs
        .iter()
        .map(|i| (&i.input_name, &i.s3_input.s3_uri))
        .chain(
            job.processing_output_config
                .outputs
                .iter()
                .map(|o| (&o.output_name, &o.s3_output.s3_uri)),
        );
    for (channel, uri) in uris {
        if !uri.starts_with("s3://") {
            return Err(TaskFailure::new(
                "SageMaker.AmazonSageMakerException",
                format!(
                    "1 validation error detected: Value '{uri}' of channel '{channel}' failed to satisfy constraint: Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*) (Service: AmazonSageMaker; Status Code: 400; Error Code: ValidationException)"
                ),
            ));
        }
    }
    let runtime = JOB_RUNTIME.min(Duration::from_secs(
        job.stopping_condition.max_runtime_in_seconds,
    ));
    let end = JOB_START_MILLIS + i64::try_from(runtime.as_millis()).unwrap_or(i64::MAX);
    // `DescribeProcessingJob`'s answer: the request, plus what SageMaker adds.
    let mut description = call.input;
    let fields = [
        (
            "ProcessingJobArn",
            json!(format!(
                "arn:aws:sagemaker:us-east-1:123456789012:processing-job/{}",
                job.processing_job_name.to_lowercase()
            )),
        ),
        (
            "ProcessingJobStatus",
            json!(if fail { "Failed" } else { "Completed" }),
        ),
        ("CreationTime", timestamp(JOB_START_MILLIS)),
        ("ProcessingStartTime", timestamp(JOB_START_MILLIS + 60_000)),
        ("ProcessingEndTime", timestamp(end)),
        ("LastModifiedTime", timestamp(end)),
    ];
    if let Value::Object(map) = &mut description {
        for (key, value) in fields {
            map.insert(key.to_owned(), value);
        }
        if fail {
            map.insert(
                "FailureReason".into(),
                json!("AlgorithmError: my_script.py exited with code 1: no input files under /opt/ml/processing/input"),
            );
            map.insert("ExitMessage".into(), json!("no input files"));
        } else {
            map.insert("ExitMessage".into(), json!(""));
        }
    }
    if fail {
        // A `.sync` task whose job failed fails with `States.TaskFailed`, the job's
        // description as the cause.
        return Err(TaskFailure::new(
            ErrorName::TaskFailed,
            description.to_string(),
        ));
    }
    Ok(TaskOutput::after(runtime, description))
}

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "processing_workflow", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// The processing job's name (default: dated, unique per run with --aws).
    #[arg(long, value_name = "NAME")]
    job_name: Option<String>,
    /// Make the local processing job fail.
    #[arg(long)]
    fail: bool,
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<ProcessingWorkflow>() {
        return ExitCode::SUCCESS;
    }
    let aws = args.common.aws;
    let job_name = args.job_name.clone().unwrap_or_else(|| {
        if aws {
            // SageMaker job names are unique per account and region: one per run.
            let secs = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            format!("bsm-batch-preprocessing-daily-{secs}")
        } else {
            "bsm-batch-preprocessing-daily-20240407".to_owned()
        }
    });
    // The notebook's `workflow.execute(inputs={…})`, typed.
    let input = ProcessingWorkflowInput {
        preprocessing_job_name: job_name,
        input_message: "s3://bsm-data/raw/2024-04-07/".into(),
        output_processed_message: "s3://bsm-data/processed/2024-04-07/".into(),
    };
    if aws {
        // A processing job takes minutes; allow an hour.
        return common::run_on_aws::<ProcessingWorkflow>(
            "processing_workflow",
            &input,
            args.common.name,
            Duration::from_secs(3600),
        );
    }
    let fail = args.fail;
    // The handler stands in for the workflow's own Task state (`workflow!` names it).
    let engine = Engine::new().handler(ProcessingWorkflow::PROCESSING_STEP, move |call| {
        sagemaker_processing(call, fail)
    });
    let started = std::time::Instant::now();
    let run = blocking::run(engine.workflow::<ProcessingWorkflow>().input(&input));
    let real = started.elapsed();
    common::report_timed(
        "processing_workflow",
        &args.common,
        (&ProcessingWorkflow::definition(), ProcessingWorkflow::NAME),
        run,
        real,
    )
}
