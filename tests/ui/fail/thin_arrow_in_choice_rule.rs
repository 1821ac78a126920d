use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.ok == true -> "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
