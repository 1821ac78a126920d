use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when 3 < 4 => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
