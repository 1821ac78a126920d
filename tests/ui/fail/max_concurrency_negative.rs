use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(items = $.list, max_concurrency = -1) { "Item": pass; };
    }
}

fn main() {}
