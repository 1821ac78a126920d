use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            retry [States.ALL] (intervall = 3);
    }
}

fn main() {}
