use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            retry [States.TaskFailed] (backoff = 0.5);
    }
}

fn main() {}
