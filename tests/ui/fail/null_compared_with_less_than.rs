use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.n < null => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
