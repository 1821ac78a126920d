use workflow_runtime::workflow;

workflow! {
    pub Case {
        substitutions { Limit: string }
        "Each": map(items = $.list, max_concurrency = "${Limit}") { "Item": pass; }
    }
}

fn main() {}
