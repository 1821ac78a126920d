use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lamda::invoke { FunctionName: "f" };
    }
}

fn main() {}
