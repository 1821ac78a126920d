use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke arguments { FunctionName: "f" };
    }
}

fn main() {}
