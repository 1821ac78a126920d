use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Stop": fail(error = "E", cause = 3);
    }
}

fn main() {}
