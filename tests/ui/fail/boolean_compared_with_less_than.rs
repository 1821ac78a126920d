use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.flag < true => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
