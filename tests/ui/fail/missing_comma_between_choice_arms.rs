use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.n == 1 => "Yes"
            when $.n == 2 => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
