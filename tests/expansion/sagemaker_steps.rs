//! The Python SDK's SageMaker steps as forms of the language: the training pipeline (Train →
//! Save Model → Configure Endpoint → Deploy) written with `sagemaker::TrainingStep`,
//! `ModelStep`, `EndpointConfigStep` and `EndpointStep` is the machine the Rust builders of
//! `workflow_runtime::sagemaker` chain for the same arguments, with the SDK's defaults
//! (`.sync`, 30 GB, one day, `File`, `AllTraffic`) and the image looked up by name.

use workflow_runtime::sagemaker::{
    Channel, EndpointConfigStep, EndpointStep, Estimator, Model, ModelStep, Param, TrainingStep,
    chain, image_uris,
};
use workflow_runtime::workflow;

workflow! {
    pub Pipeline {
        input { JobName: string, TrainData: string }

        Train: sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "eu-west-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMaker",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://bucket/models",
                hyperparameters: { num_round: 50, objective: "reg:squarederror" },
            },
            job_name: input.JobName,
            data: { train: { s3_data: input.TrainData, content_type: "text/csv" } },
        } -> "Save Model";

        "Save Model": sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgboost", region: "eu-west-1", version: "1.7-1" },
                model_data: $.ModelArtifacts.S3ModelArtifacts,
                role: "arn:aws:iam::123456789012:role/SageMaker",
            },
            model_name: input.JobName,
        } -> "Configure Endpoint";

        "Configure Endpoint": sagemaker::EndpointConfigStep {
            endpoint_config_name: input.JobName,
            model_name: input.JobName,
            initial_instance_count: 1,
            instance_type: "ml.m5.large",
        } -> Deploy;

        Deploy: sagemaker::EndpointStep {
            endpoint_name: input.JobName,
            endpoint_config_name: input.JobName,
        };
    }
}

pub fn main() {
    const ROLE: &str = "arn:aws:iam::123456789012:role/SageMaker";
    let job = || Param::Path("$$.Execution.Input.JobName".into());
    let image = image_uris::retrieve("xgboost", "eu-west-1", "1.7-1").expect("in the table");
    let estimator = Estimator::new(&image, ROLE, 1, "ml.m5.xlarge")
        .output_path("s3://bucket/models")
        .hyperparameter("num_round", 50)
        .hyperparameter("objective", "reg:squarederror");
    let train = TrainingStep::new("Train", &estimator, job()).data(vec![
        Channel::new("train", Param::Path("$$.Execution.Input.TrainData".into()))
            .content_type("text/csv"),
    ]);
    let model = Model::new(
        &image,
        Param::Path("$.ModelArtifacts.S3ModelArtifacts".into()),
        ROLE,
    );
    let machine = chain([
        train.build().expect("valid"),
        ModelStep::new("Save Model", model)
            .model_name(job())
            .build()
            .expect("valid"),
        EndpointConfigStep::new("Configure Endpoint", job(), job(), 1, "ml.m5.large")
            .build()
            .expect("valid"),
        EndpointStep::new("Deploy", job(), job())
            .build()
            .expect("valid"),
    ])
    .expect("valid");
    let generated: serde_json::Value = serde_json::from_str(Pipeline::ASL).expect("JSON");
    assert_eq!(generated, machine.to_value());
    assert_eq!(
        generated["States"]["Train"]["Resource"],
        "arn:aws:states:::sagemaker:createTrainingJob.sync"
    );
    assert_eq!(
        generated["States"]["Train"]["Parameters"]["AlgorithmSpecification"]["TrainingImage"],
        "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    );
}
