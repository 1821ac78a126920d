use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": lambda::invoke.synk { FunctionName: "f" };
    }
}

fn main() {}
