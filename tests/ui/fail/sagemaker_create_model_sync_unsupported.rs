use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Model": sagemaker::create_model.sync { ModelName: $.name, ExecutionRoleArn: "arn:aws:iam::123456789012:role/sagemaker", PrimaryContainer: { Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1" } };
    }
}

fn main() {}
