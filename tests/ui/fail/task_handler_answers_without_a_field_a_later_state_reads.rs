use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

// `Ship` reads `$.charge.Payload.receipt`, what `Charge` answered: an answer without
// `receipt` would fail `Ship` at run time, so it does not compile.
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
    let _ = Engine::new().task(Orders::CHARGE, |_request| async move {
        Ok::<_, TaskFailure>(OrdersChargeResponse {})
    });
}
