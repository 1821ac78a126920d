use workflow_runtime::workflow;

// `.sync:2` answers DescribeExecution's output with `Output` parsed: `Outptu` is not there.
workflow! {
    pub Case {
        "Run child": states::start_execution.sync2 {
            StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child",
            Input: { order: "o-1" },
        } result_selector { total: $.Outptu.total } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
