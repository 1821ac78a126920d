use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            otherwise => "No",
            when $.ok == true => "Yes",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
