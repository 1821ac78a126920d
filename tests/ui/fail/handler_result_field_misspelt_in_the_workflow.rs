use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

// The function's answer is declared (`returns`): the misspelt read is the error, at the read,
// with the declared fields as the suggestion; the handler, which answers the declared type,
// is not.
workflow! {
    pub Orders {
        input { total: number }
        "Charge": lambda::invoke { FunctionName: "charge", Payload: { amount: $.total } }
            returns { approved: bool, receipt?: string }
            result_path = $.charge -> "Paid?";
        "Paid?": choice {
            when $.charge.Payload.aproved == true => "Done",
            otherwise => "Declined",
        }
        "Declined": fail(error = "Declined");
        "Done": succeed;
    }
}

fn main() {
    let _ = Engine::new().task(Orders::CHARGE, |_| async {
        Ok::<_, TaskFailure>(OrdersChargeResponse { approved: true, receipt: None })
    });
}
