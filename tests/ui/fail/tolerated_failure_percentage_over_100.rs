use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(distributed, execution = standard, tolerated_failure_percentage = 150) { "Item": pass; };
    }
}

fn main() {}
