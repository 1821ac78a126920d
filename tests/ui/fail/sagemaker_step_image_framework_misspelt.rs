use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Save Model": sagemaker::ModelStep {
            model: {
                image_uri: { framework: "xgbost", region: "us-east-1", version: "1.7-1" },
                model_data: "s3://bucket/model.tar.gz",
                role: "arn:aws:iam::123456789012:role/SageMaker",
            },
        };
    }
}

fn main() {}
