use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            retry [States.TaskFailed] (interval = 0);
    }
}

fn main() {}
