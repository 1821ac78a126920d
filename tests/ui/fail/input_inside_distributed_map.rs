use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { id: string }
        "Each": map(distributed, items = $.list) {
            "Item": pass { id: input.id };
        }
    }
}

fn main() {}
