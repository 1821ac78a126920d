use workflow_runtime::workflow;

// ASL's `TimeoutSeconds` is the clause `timeout`.
workflow! {
    pub Case {
        input { id: string }
        "T": lambda::invoke { FunctionName: "f", Payload: { id: $.id } } timeout_seconds = 10 -> "Done";
        "Done": succeed;
    }
}

fn main() {}
