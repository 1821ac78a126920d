use workflow_runtime::workflow;

// `.sync:2`'s result describes the child execution; the child's own output is its `Output`.
workflow! {
    pub Case {
        query_language = jsonata;
        "Run child": states::start_execution.sync2 {
            StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child",
            Input: { order: "o-1" },
        } output = { total: "{% $states.result.total %}" } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
