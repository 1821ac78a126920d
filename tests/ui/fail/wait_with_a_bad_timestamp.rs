use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Pause": wait(timestamp = "2026-01-01 00:00");
    }
}

fn main() {}
