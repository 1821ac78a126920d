use workflow_runtime::workflow;

// Lambda's `Invoke` takes a function name or ARN of at most 256 characters (the API model's
// `NamespacedFunctionName`); this one has 257.
workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", Payload: {} };
    }
}

fn main() {}
