use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            retry [States.ALL, States.Timeout] (max_attempts = 2);
    }
}

fn main() {}
