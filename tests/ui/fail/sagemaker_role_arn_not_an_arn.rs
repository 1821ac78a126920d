use workflow_runtime::workflow;

// SageMaker's API refuses a `RoleArn` in which nothing matches its model's pattern
// (`arn:aws[a-z\-]*:iam::\d{12}:role/?…`): a role's name is not its ARN.
workflow! {
    pub Case {
        input { name: string }
        "Train": sagemaker::create_training_job {
            TrainingJobName: $.name,
            RoleArn: "sagemaker-execution-role",
            AlgorithmSpecification: { TrainingImage: "img", TrainingInputMode: "File" },
            OutputDataConfig: { S3OutputPath: "s3://bucket/out" },
            ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.large", VolumeSizeInGB: 10 },
            StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        };
    }
}

fn main() {}
