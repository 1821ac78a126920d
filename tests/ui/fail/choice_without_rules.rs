use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice { otherwise => "Done", }
        "Done": succeed;
    }
}

fn main() {}
