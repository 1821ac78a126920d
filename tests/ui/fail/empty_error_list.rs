use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            retry [] (max_attempts = 1);
    }
}

fn main() {}
