use workflow_runtime::engine::{Engine, TaskFailure};
use workflow_runtime::workflow;

// The Choice compares what `Check` answered, moved by its ResultSelector, with `true`: an
// answer of `"true"` would never match, so `clean` is a `bool` and a string does not compile.
workflow! {
    pub Orders {
        input { order_id: string }
        "Check": lambda::invoke {
            FunctionName: "check",
            Payload: { order: $.order_id },
        } result_selector { ok: $.Payload.clean } result_path = $.check -> "Clean?";
        "Clean?": choice {
            when $.check.ok == true => "Done",
            otherwise => "Refused",
        }
        "Refused": fail(error = "Refused");
        "Done": succeed;
    }
}

fn main() {
    let _ = Engine::new().task(Orders::CHECK, |_request| async move {
        Ok::<_, TaskFailure>(OrdersCheckResponse {
            clean: "true".to_owned(),
        })
    });
}
