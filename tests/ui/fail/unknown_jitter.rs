use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            retry [States.ALL] (jitter = ful);
    }
}

fn main() {}
