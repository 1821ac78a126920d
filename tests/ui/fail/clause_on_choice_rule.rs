use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when $.n == 1 => "Yes" timeout = 3,
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
