use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.ok == true => "Yes",
            otherwise => "No",
            otherwise => "Yes",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
