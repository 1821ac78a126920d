use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.a < $.b => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
