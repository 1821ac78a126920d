use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(distributed, execution = expres) { "Item": pass; }
    }
}

fn main() {}
