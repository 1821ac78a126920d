use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Pause": wait(seconds = 3, timestamp = "2026-01-01T00:00:00Z");
    }
}

fn main() {}
