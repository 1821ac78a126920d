use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { count: integer }
        "Check": choice {
            when input.count matches "1*" => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
