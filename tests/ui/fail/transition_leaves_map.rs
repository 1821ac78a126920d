use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(items = $.list) { "Item": pass -> "Done"; }
        "Done": succeed;
    }
}

fn main() {}
