use workflow_runtime::workflow;

// With a batcher, a child execution's input is `{Items: [...]}`.
workflow! {
    pub Case {
        input { items: [{ n: integer }] }
        "Each": map(distributed, items = $.items) {
            "Sum": pass parameters { all: $.Itemz };
        }
        batch(max_items = 10)
        -> "Done";
        "Done": succeed;
    }
}

fn main() {}
