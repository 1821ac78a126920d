use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(itmes = $.list) { "Item": pass; }
    }
}

fn main() {}
