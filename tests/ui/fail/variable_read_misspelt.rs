use workflow_runtime::workflow;

// `$orderid` for the variable `orderId` that `Save` assigns.
workflow! {
    pub Case {
        input { order: { id: string } }
        query_language = jsonata;
        "Save": pass assign { orderId: "{% $states.input.order.id %}" } -> "Use";
        "Use": pass output = "{% $orderid %}";
    }
}

fn main() {}
