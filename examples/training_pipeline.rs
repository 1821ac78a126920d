//! The Python SDK's `TrainingPipeline` template, in Rust: Training → Create Model → Configure
//! Endpoint → Deploy, built from an XGBoost estimator (its image looked up by name, version and
//! region, as `sagemaker.image_uris.retrieve` does), a role, the training data and a bucket.
//! Every step reads its whole request from the execution input, which
//! `TrainingPipeline::execute_input(job_name, hyperparameters)` builds as the SDK's `execute`
//! does.
//!
//! - `cargo run --example training_pipeline --features sagemaker` runs it on the local engine against a fake
//!   SageMaker answering on the virtual clock (the training job takes 25 virtual minutes);
//! - `-- --fail` makes the training job fail: the execution fails with `States.TaskFailed`;
//! - `-- --job-name NAME` names the run (default `my-job`);
//! - `-- --asl` prints only the ASL definition;
//! - `-- --aws` deploys it (create-or-update; role from `WORKFLOW_ROLE_ARN`), executes it and
//!   waits. The role must be allowed to run SageMaker training jobs and pass the SageMaker role.

mod common;
mod sagemaker_fake;

use clap::Parser;
use indexmap::IndexMap;
use std::process::ExitCode;
use workflow_runtime::client::StateMachineSpec;
use workflow_runtime::sagemaker::{Estimator, TrainingPipeline, image_uris};

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "training_pipeline", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// The run's job name.
    #[arg(long, value_name = "NAME", default_value = "my-job")]
    job_name: String,
    /// Make the local training job fail.
    #[arg(long)]
    fail: bool,
}

fn pipeline() -> Result<TrainingPipeline, Box<dyn std::error::Error>> {
    let image = image_uris::retrieve("xgboost", "us-east-1", "1.7-1")?;
    let estimator = Estimator::new(
        image,
        "arn:aws:iam::123456789012:role/SageMakerRole",
        1,
        "ml.m5.xlarge",
    )
    .hyperparameter("num_round", 100)
    .hyperparameter("objective", "binary:logistic");
    Ok(TrainingPipeline::new(
        estimator,
        "arn:aws:iam::123456789012:role/StepFunctionsRole".parse()?,
        "s3://sagemaker-bucket/train",
        "sagemaker-bucket",
        "training-pipeline",
    ))
}

fn main() -> ExitCode {
    let args = Cli::parse();
    let built = pipeline().map_err(|e| e.to_string()).and_then(|p| {
        let machine = p.definition().map_err(|e| e.to_string())?;
        Ok((p, machine))
    });
    let (pipeline, machine) = match built {
        Ok(b) => b,
        Err(e) => {
            eprintln!("training_pipeline: {e}");
            return ExitCode::from(2);
        }
    };
    if sagemaker_fake::print_definition(&args.common, &machine) {
        return ExitCode::SUCCESS;
    }
    let mut hyperparameters = IndexMap::new();
    hyperparameters.insert("num_round".to_owned(), "50".to_owned());
    let run = match pipeline.execute_input(&args.job_name, Some(&hyperparameters)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("training_pipeline: {e}");
            return ExitCode::from(2);
        }
    };
    let fail = args.fail.then(|| format!("estimator-{}", args.job_name));
    sagemaker_fake::run_template(
        "training_pipeline",
        &args.common,
        &machine,
        || StateMachineSpec::try_from(&pipeline),
        run,
        fail,
    )
}
