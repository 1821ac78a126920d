use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Train": sagemaker::create_training_job.sync {
            TrainingJobName: $.name,
            RoleArn: "arn:aws:iam::123456789012:role/sagemaker",
            AlgorithmSpecification: { TrainingImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", TrainingInputMode: "File" },
            OutputDataConfig: { S3OutputPath: "s3://bucket/models" },
            ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 10 },
            StoppingCondition: { MaxRuntimeInSeconds: 0 },
        };
    }
}

fn main() {}
