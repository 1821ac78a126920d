use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { total: number, label: string }
        "Check": choice {
            when input.total == input.label => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
