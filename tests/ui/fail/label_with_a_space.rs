use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(distributed, execution = standard, label = "my label") { "Item": pass; };
    }
}

fn main() {}
