use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": wait -> "Done";
        "Done": succeed;
    }
}

fn main() {}
