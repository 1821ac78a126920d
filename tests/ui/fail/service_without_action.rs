use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda { FunctionName: "f" };
    }
}

fn main() {}
