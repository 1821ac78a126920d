use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

workflow! {
    pub Orders {
        input { orderId: string }
        "Charge": lambda::invoke { FunctionName: "Charge", Payload: { "order.$": "$.orderId" } } -> "Ship";
        "Ship": pass -> "Done" result_path = $.shipped;
        "Done": succeed;
    }
}

fn main() {
    // One parse error above (a clause after the `->`); the Task constants of the states that
    // parsed and the input type still exist, so the handlers written on them report nothing.
    let _engine = Engine::new().handler(Orders::CHARGE, |_call| async {
        Ok::<_, workflow_runtime::engine::TaskFailure>(serde_json::json!({}))
    });
    let _ = OrdersInput { order_id: "o-1".into() };
}
