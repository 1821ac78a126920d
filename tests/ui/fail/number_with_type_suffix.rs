use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Pause": wait(seconds = 3u32);
    }
}

fn main() {}
