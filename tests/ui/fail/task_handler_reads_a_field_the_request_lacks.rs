use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

// `Charge` sends `{order, amount}`; the handler reads `amout`, which its request has not.
workflow! {
    pub Orders {
        input { order_id: string, total: number }
        "Charge": lambda::invoke {
            FunctionName: "charge",
            Payload: { order: $.order_id, amount: $.total },
        } result_path = $.charge -> "Ship";
        "Ship": lambda::invoke {
            FunctionName: "ship",
            Payload: { order: $.order_id, receipt: $.charge.Payload.receipt },
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {
    let _ = Engine::new().task(Orders::CHARGE, |request| async move {
        Ok::<_, TaskFailure>(OrdersChargeResponse {
            receipt: serde_json::json!(request.amout),
        })
    });
}
