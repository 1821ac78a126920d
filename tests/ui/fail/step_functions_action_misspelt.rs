use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Run": states::start_exection.sync { StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child", Name: $.name };
    }
}

fn main() {}
