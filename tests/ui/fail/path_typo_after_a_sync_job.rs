use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Train": sagemaker::create_training_job.sync {
            TrainingJobName: "nightly",
            RoleArn: "arn:aws:iam::123456789012:role/sagemaker",
            AlgorithmSpecification: { TrainingImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", TrainingInputMode: "File" },
            OutputDataConfig: { S3OutputPath: "s3://bucket/models" },
            ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 10 },
            StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        } result_path = $.training -> "Check";
        "Check": choice {
            when $.training.TrainingJobStatsu == "Completed" => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
