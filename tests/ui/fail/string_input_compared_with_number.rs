use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { total: string }
        "Check": choice {
            when input.total > 100 => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": succeed;
    }
}

fn main() {}
