use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Check": choice {
            when is_prsent($.x) => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
