use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            timeout = 60
            heartbeat = 60;
    }
}

fn main() {}
