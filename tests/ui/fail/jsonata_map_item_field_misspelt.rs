use workflow_runtime::workflow;

// A JSONata Map's iterations start from an item of its `Items`.
workflow! {
    pub Case {
        input { orders: [{ id: string, lines: [{ sku: string, qty: integer }] }] }
        query_language = jsonata;
        "Each": map(items = "{% $states.input.orders %}") {
            "Count": pass output = "{% $count($states.input.line) %}";
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
