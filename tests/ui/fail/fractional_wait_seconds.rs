use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Pause": wait(seconds = 1.5);
    }
}

fn main() {}
