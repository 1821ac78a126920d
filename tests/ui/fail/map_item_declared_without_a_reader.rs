use workflow_runtime::workflow;

// `item` declares what a reader reads; these items are the input's array, typed already.
workflow! {
    pub Case {
        input { orders: [{ id: string }] }
        "Each": map(items = $.orders) { "Charge": pass; }
            item { id: string };
    }
}

fn main() {}
