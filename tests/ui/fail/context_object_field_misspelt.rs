use workflow_runtime::workflow;

// The context object's `Execution` has `StartTime` (AWS documentation, "Accessing execution
// data from the Context object").
workflow! {
    pub Case {
        "Stamp": pass { started: $$.Execution.StartTme };
    }
}

fn main() {}
