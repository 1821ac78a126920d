use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

// `charge` is written for `Charge`'s request and response; registered for `Ship`, whose
// request is `{order, receipt}`, it does not compile.
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

async fn charge(request: OrdersChargeRequest) -> Result<OrdersChargeResponse, TaskFailure> {
    Ok(OrdersChargeResponse {
        receipt: serde_json::json!({ "order": request.order, "amount": request.amount }),
    })
}

fn main() {
    let _ = Engine::new().task(Orders::SHIP, charge);
}
