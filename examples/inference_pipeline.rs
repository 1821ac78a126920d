//! The Python SDK's `InferencePipeline` template, in Rust: Train Preprocessor → Create
//! Preprocessor Model → Transform Input → Training → Create Pipeline Model → Configure
//! Endpoint → Deploy, from a scikit-learn preprocessor in script mode (`preprocess.py` in a
//! source directory uploaded to S3, on the SKLearn image, as the SDK's own example has it) and
//! an XGBoost estimator (images by name, version and region), the training data, a bucket and a
//! role. Every step reads its whole
//! request from the execution input, which `InferencePipeline::execute_input(job_name, …)`
//! builds as the SDK's `execute` does.
//!
//! - `cargo run --example inference_pipeline --features sagemaker` runs it on the local engine against a fake
//!   SageMaker answering on the virtual clock;
//! - `-- --fail` makes the preprocessor's training job fail;
//! - `-- --job-name NAME` names the run (default `my-job`);
//! - `-- --asl` prints only the ASL definition;
//! - `-- --aws` deploys it (create-or-update; role from `WORKFLOW_ROLE_ARN`), executes it and
//!   waits.

mod common;
mod sagemaker_fake;

use clap::Parser;
use std::process::ExitCode;
use workflow_runtime::client::StateMachineSpec;
use workflow_runtime::sagemaker::{Channel, Estimator, InferencePipeline, image_uris};

/// The command line (`--help` lists it).
#[derive(Parser, Debug)]
#[command(name = "inference_pipeline", about)]
struct Cli {
    #[command(flatten)]
    common: common::Common,
    /// The run's job name.
    #[arg(long, value_name = "NAME", default_value = "my-job")]
    job_name: String,
    /// Make the local preprocessor training job fail.
    #[arg(long)]
    fail: bool,
}

fn pipeline() -> Result<InferencePipeline, Box<dyn std::error::Error>> {
    let role = "arn:aws:iam::123456789012:role/SageMakerRole";
    let xgboost = image_uris::retrieve("xgboost", "us-east-1", "1.7-1")?;
    let preprocessor = Estimator::framework(
        "sklearn",
        "1.2-1",
        "us-east-1",
        "preprocess.py",
        role,
        1,
        "ml.m5.large",
    )?
    .source_dir("s3://sagemaker-bucket/code/preprocess.tar.gz");
    let estimator = Estimator::new(xgboost, role, 1, "ml.m5.xlarge")
        .hyperparameter("num_round", 100)
        .hyperparameter("objective", "binary:logistic");
    Ok(InferencePipeline::new(
        preprocessor,
        estimator,
        vec![Channel::new("train", "s3://sagemaker-bucket/train")],
        "sagemaker-bucket",
        "arn:aws:iam::123456789012:role/StepFunctionsRole".parse()?,
        "inference-pipeline",
    )
    .content_type("text/csv"))
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
            eprintln!("inference_pipeline: {e}");
            return ExitCode::from(2);
        }
    };
    if sagemaker_fake::print_definition(&args.common, &machine) {
        return ExitCode::SUCCESS;
    }
    let run = match pipeline.execute_input(&args.job_name, None) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("inference_pipeline: {e}");
            return ExitCode::from(2);
        }
    };
    let fail = args.fail.then(|| format!("preprocessor-{}", args.job_name));
    sagemaker_fake::run_template(
        "inference_pipeline",
        &args.common,
        &machine,
        || StateMachineSpec::try_from(&pipeline),
        run,
        fail,
    )
}
