//! The seeds' model-retraining workshop (the AWS Step Functions Data Science SDK's
//! `automate_model_retraining_workflow` notebook), stated with `workflow!`: typed service
//! integrations for Glue, Lambda and SNS, and the Python SDK's SageMaker steps as forms of the
//! language (`sagemaker::TrainingStep`, `ModelStep`, `EndpointConfigStep`, `EndpointStep`).
//! A Glue ETL job, a SageMaker training job, a Lambda function that reads the training job's
//! metrics, a Choice on the accuracy (the threshold comes from the execution input), then
//! create model → endpoint config → update endpoint. The two jobs are retried;
//! every task's failure is caught, published to SNS, and the execution fails with it.
//!
//! - `cargo run --example retraining_workflow --features sagemaker` runs it on the local engine against fakes of
//!   Glue, SageMaker, Lambda and SNS answering on the virtual clock (the Glue job takes 6
//!   virtual minutes, the training job 25), and prints the states entered, each SNS message,
//!   the virtual time elapsed and the real time taken;
//! - `-- --threshold 0.95` asks for more than the fake training's accuracy (0.93): the
//!   execution ends in `Model Accuracy Too Low` and no model is created;
//! - `-- --fail glue` or `-- --fail training` makes that job fail on every attempt: after the
//!   retries the failure is published to SNS and the execution fails with the job's error;
//! - `-- --glue-job`, `--query-function`, `--alert-topic`, `--endpoint` name the resources
//!   (defaults: the fakes'; locally, another topic fails the publication with
//!   `SNS.NotFoundException` and another function has no handler);
//! - `-- --asl` prints only the ASL definition, `-- --graph` its Mermaid graph;
//! - `-- --aws [--name NAME]` deploys it (create-or-update; role from `WORKFLOW_ROLE_ARN`),
//!   executes it and waits. The Glue job, the Lambda function, the endpoint and the SNS topic
//!   must exist; the role must be allowed to run them and to pass the SageMaker role.

mod common;
mod retraining_fake;
mod sagemaker_fake;

use clap::Parser;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use workflow_runtime::engine::blocking;
use workflow_runtime::workflow;

workflow! {
    /// The model-retraining workshop: Glue ETL, SageMaker training, a Lambda reading the training metrics, a Choice on accuracy, then model, endpoint config and endpoint update; failures are published to SNS.
    pub RetrainingWorkflow {
        input {
            GlueJobName: string,
            TrainingJobName: string,
            ModelName: string,
            EndpointName: string,
            QueryFunctionName: string,
            AlertTopicArn: string,
            RawData: string,
            TrainData: string,
            ValidationData: string,
            ModelOutputPath: string,
            AccuracyThreshold: number,
        }

        "Extract, Transform, Load": glue::start_job_run.sync {
            JobName: input.GlueJobName,
            Arguments: {
                "--S3_SOURCE": input.RawData,
                "--TRAIN_DEST": input.TrainData,
                "--VALIDATION_DEST": input.ValidationData,
            },
        }
        result_path = $.etl
        retry [States.TaskFailed] (interval = 60, max_attempts = 2, backoff = 2.0)
        catch [States.ALL] (result_path = $.error) => "Notify Failure"
        -> "Train Model";

        // The Python SDK's `TrainingStep`, with the SageMaker SDK's estimator and image lookup:
        // `.sync`, 30 GB volume, `File` mode, S3Prefix / FullyReplicated channels.
        "Train Model": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                max_run: 3600,
                output_path: input.ModelOutputPath,
                hyperparameters: {
                    objective: "binary:logistic",
                    eval_metric: "auc",
                    num_round: 100,
                },
            },
            job_name: input.TrainingJobName,
            data: {
                train: { s3_data: input.TrainData, content_type: "text/csv" },
                validation: { s3_data: input.ValidationData, content_type: "text/csv" },
            },
        }
        result_path = $.training
        retry [States.TaskFailed] (interval = 60, max_attempts = 2, backoff = 2.0)
        catch [States.ALL] (result_path = $.error) => "Notify Failure"
        -> "Query Training Results";

        "Query Training Results": lambda::invoke {
            FunctionName: input.QueryFunctionName,
            Payload: { TrainingJobName: input.TrainingJobName },
        }
        result_selector { accuracy: $.Payload.accuracy, metric: $.Payload.metric }
        result_path = $.metrics
        catch [States.ALL] (result_path = $.error) => "Notify Failure"
        -> "Check Accuracy";

        "Check Accuracy": choice {
            when $.metrics.accuracy >= input.AccuracyThreshold => "Create Model",
            otherwise => "Model Accuracy Too Low",
        }

        // The SDK's `ModelStep` of the training step's expected model.
        "Create Model": sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                model_data: $.training.ModelArtifacts.S3ModelArtifacts,
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
            },
            model_name: input.ModelName,
        }
        result_path = $.model
        catch [States.ALL] (result_path = $.error) => "Notify Failure"
        -> "Create Endpoint Config";

        // One production variant, `AllTraffic`, as the SDK's `EndpointConfigStep` writes it.
        "Create Endpoint Config": sagemaker::EndpointConfigStep {
            endpoint_config_name: input.ModelName,
            model_name: input.ModelName,
            initial_instance_count: 1,
            instance_type: "ml.m5.large",
        }
        result_path = $.endpoint_config
        catch [States.ALL] (result_path = $.error) => "Notify Failure"
        -> "Update Endpoint";

        "Update Endpoint": sagemaker::EndpointStep {
            endpoint_name: input.EndpointName,
            endpoint_config_name: input.ModelName,
            update: true,
        }
        catch [States.ALL] (result_path = $.error) => "Notify Failure";

        "Model Accuracy Too Low": fail(
            error = "ModelAccuracyTooLow",
            cause = "the trained model's validation accuracy is below AccuracyThreshold",
        );

        "Notify Failure": sns::publish {
            TopicArn: input.AlertTopicArn,
            Subject: "Model retraining failed",
            Message: States.Format(
                "Execution {} failed: {}: {}",
                $$.Execution.Name,
                $.error.Error,
                $.error.Cause,
            ),
        }
        result_path = $.notification
        -> "Retraining Failed";

        "Retraining Failed": fail(error = $.error.Error, cause = $.error.Cause);
    }
}

/// Which local job fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FailingJob {
    /// The Glue ETL job.
    Glue,
    /// The SageMaker training job.
    Training,
}

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "retraining_workflow", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// The accuracy the new model must reach to be deployed.
    #[arg(long, default_value_t = 0.9)]
    threshold: f64,
    /// Make this local job fail on every attempt.
    #[arg(long, value_name = "JOB")]
    fail: Option<FailingJob>,
    /// The Glue ETL job to run.
    #[arg(long, value_name = "NAME", default_value = "retraining-etl")]
    glue_job: String,
    /// The Lambda function that reads the training metrics.
    #[arg(long, value_name = "NAME", default_value = retraining_fake::QUERY_FUNCTION)]
    query_function: String,
    /// The SNS topic failures are published to.
    #[arg(long, value_name = "ARN", default_value = retraining_fake::ALERT_TOPIC)]
    alert_topic: String,
    /// The endpoint to update.
    #[arg(long, value_name = "NAME", default_value = "retraining-endpoint")]
    endpoint: String,
}

/// The execution input: the command line's names and threshold, job and model names dated
/// (SageMaker names are unique per account and region), the workshop's S3 layout.
fn execution_input(args: &Cli, stamp: &str) -> RetrainingWorkflowInput {
    RetrainingWorkflowInput {
        glue_job_name: args.glue_job.clone(),
        training_job_name: format!("retraining-{stamp}"),
        model_name: format!("retraining-model-{stamp}"),
        endpoint_name: args.endpoint.clone(),
        query_function_name: args.query_function.clone(),
        alert_topic_arn: args.alert_topic.clone(),
        raw_data: "s3://retraining-bucket/raw/".into(),
        train_data: format!("s3://retraining-bucket/{stamp}/train/"),
        validation_data: format!("s3://retraining-bucket/{stamp}/validation/"),
        model_output_path: "s3://retraining-bucket/models".into(),
        accuracy_threshold: args.threshold,
    }
}

fn main() -> ExitCode {
    let args = Cli::parse();
    if args.common.print_definition::<RetrainingWorkflow>() {
        return ExitCode::SUCCESS;
    }
    if args.common.aws {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        let input = execution_input(&args, &secs.to_string());
        // Glue, training and an endpoint update take a while: allow two hours.
        return common::run_on_aws::<RetrainingWorkflow>(
            "retraining_workflow",
            &input,
            args.common.name.clone(),
            Duration::from_secs(2 * 3600),
        );
    }
    let input = execution_input(&args, "20240407");
    let fakes = retraining_fake::Fakes::new(retraining_fake::Failing {
        glue_job: (args.fail == Some(FailingJob::Glue)).then(|| input.glue_job_name.clone()),
        training_job: (args.fail == Some(FailingJob::Training))
            .then(|| input.training_job_name.clone()),
    });
    let started = Instant::now();
    let run = blocking::run(
        fakes
            .engine()
            .workflow::<RetrainingWorkflow>()
            .input(&input),
    );
    let real = started.elapsed();
    println!("service calls: {}", fakes.calls().join(" → "));
    for message in fakes.published() {
        println!("sns message: {message}");
    }
    common::report_timed(
        "retraining_workflow",
        &args.common,
        (&RetrainingWorkflow::definition(), "retraining_workflow"),
        run,
        real,
    )
}
