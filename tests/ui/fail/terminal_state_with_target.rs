use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Done": succeed -> "Other";
        "Other": succeed;
    }
}

fn main() {}
