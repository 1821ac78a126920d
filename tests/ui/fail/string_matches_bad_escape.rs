use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.name matches "log\\d" => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
