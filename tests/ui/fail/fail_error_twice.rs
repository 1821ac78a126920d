use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Stop": fail(error = "A", error = "B");
    }
}

fn main() {}
