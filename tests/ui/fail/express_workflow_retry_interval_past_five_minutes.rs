use workflow_runtime::workflow;

// A retry of an EXPRESS workflow's Task waits its interval inside the execution's five minutes.
workflow! {
    pub Case {
        type = express;
        "Load": lambda::invoke { FunctionName: "load", Payload: {} }
            retry["States.TaskFailed"] (interval = 600, max_attempts = 2);
    }
}

fn main() {}
