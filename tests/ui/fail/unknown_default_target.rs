use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.ok == true => "Yes",
            otherwise => "Noo",
        }
        "Yes": succeed;
        "No": fail;
    }
}

fn main() {}
