use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Child": states::start_execution.sync:2 {
            StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child",
        };
    }
}

fn main() {}
