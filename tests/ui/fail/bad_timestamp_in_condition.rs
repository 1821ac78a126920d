use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.at > timestamp("yesterday") => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
