use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Train": sagemaker::TrainingStep {
            estimator: {
                image_uri: "my-image",
                role: $.role,
                instance_count: 1,
                instance_type: "ml.m5.xlarge",
                output_path: "s3://bucket/models",
            },
            job_name: "job",
        };
    }
}

fn main() {}
