use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(items = [1, 2]) { "Item": pass; }
    }
}

fn main() {}
