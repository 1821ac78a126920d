use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Train": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                role: "arn:aws:iam::123456789012:role/SageMaker",
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://bucket/models",
            },
            job_name: "job",
        }
        result_path = $.training
        -> "Save Model";

        "Save Model": sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgboost", region: "us-east-1", version: "1.7-1" },
                model_data: $.training.ModelArtifacts.S3ModelArtifact,
                role: "arn:aws:iam::123456789012:role/SageMaker",
            },
            model_name: "model",
        };
    }
}

fn main() {}
