use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { items: [string] }
        "Check": choice {
            when input.items == "a" => "Yes",
            otherwise => "No",
        }
        "Yes": succeed;
        "No": succeed;
    }
}

fn main() {}
