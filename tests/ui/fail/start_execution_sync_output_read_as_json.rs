use workflow_runtime::workflow;

// `.sync` answers the child's output as JSON text: a field of it is read after parsing it
// (`.sync:2` parses it).
workflow! {
    pub Case {
        "Run child": states::start_execution.sync {
            StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:child",
            Input: { order: "o-1" },
        } result_selector { total: $.Output.total } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
