use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

workflow! {
    pub Orders {
        input { orderId: string }
        "Charge": lambda::invoke { FunctionName: "Charge", Payload: { "order.$": "$.orderId" } } -> "Shipp";
        "Ship": succeed;
    }
}

fn main() {
    // One error above (a misspelt target); the Task constant and the input type still exist,
    // so the test code that registers a handler on them reports nothing.
    let _engine = Engine::new().handler(Orders::CHARGE, |_call| async {
        Ok::<_, workflow_runtime::engine::TaskFailure>(serde_json::json!({}))
    });
    let _ = OrdersInput { order_id: "o-1".into() };
}
