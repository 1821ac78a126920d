use workflow_runtime::workflow;

// A JSONata ItemSelector builds the iteration's input from `$states.context.Map.Item.Value`.
workflow! {
    pub Case {
        input { orders: [{ id: string }] }
        query_language = jsonata;
        "Each": map(items = "{% $states.input.orders %}") {
            "Id": pass output = "{% $states.input.idd %}";
        } item_selector { order: "{% $states.context.Map.Item.Value %}" } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
