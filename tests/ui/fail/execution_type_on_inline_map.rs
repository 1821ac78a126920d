use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(items = $.list, execution = express) { "Item": pass; }
    }
}

fn main() {}
