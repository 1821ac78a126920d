use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": wiat(seconds = 1) -> "Done";
        "Done": succeed;
    }
}

fn main() {}
