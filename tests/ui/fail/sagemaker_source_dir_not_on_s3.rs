use workflow_runtime::workflow;

workflow! {
    pub Train {
        "Train": sagemaker::TrainingStep {
            estimator: {
                image_uri: { framework: "sklearn", region: "us-east-1", version: "1.2-1" },
                entry_point: "train.py",
                source_dir: "./src",
                role: "arn:aws:iam::123456789012:role/SageMakerRole",
                instance_count: 1,
                instance_type: "ml.m5.large",
                output_path: "s3://my-bucket/models",
            },
            job_name: "train-1",
        };
    }
}

fn main() {}
