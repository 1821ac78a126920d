use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

workflow! {
    pub Orders {
        input { orderId: string }
        // Being written: `input.` and no field yet.
        "Charge": lambda::invoke { FunctionName: "Charge", Payload: { id: input. } } -> "Done";
        "Done": succeed;
    }
}

fn main() {
    // The request's one parse error; the state stands, so its Task constant and the input
    // type exist and the handler written on them reports nothing.
    let _engine = Engine::new().handler(Orders::CHARGE, |_call| async {
        Ok::<_, workflow_runtime::engine::TaskFailure>(serde_json::json!({}))
    });
    let _ = OrdersInput { order_id: "o-1".into() };
}
