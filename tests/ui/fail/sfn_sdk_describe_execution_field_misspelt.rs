use workflow_runtime::workflow;

// Step Functions' own API answers exactly as its model says, through the AWS SDK integration
// too: DescribeExecution has `Status`.
workflow! {
    pub Case {
        input { arn: string }
        "Describe": aws_sdk::sfn::describe_execution { ExecutionArn: $.arn }
            result_selector { state: $.Stauts } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
