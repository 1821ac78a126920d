use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Pause": wait(seconds = 1) timeout = 3;
    }
}

fn main() {}
