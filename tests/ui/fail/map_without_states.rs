use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(items = $.list) { }
    }
}

fn main() {}
