use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonnet;
        "Start": succeed;
    }
}

fn main() {}
