use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Pause": wait(secs = 3);
    }
}

fn main() {}
