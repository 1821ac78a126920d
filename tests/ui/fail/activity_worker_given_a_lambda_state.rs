use serde_json::json;
use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

// `Charge` calls a Lambda function: no activity worker ever gets its tasks, so working it as
// an activity does not compile (`work_activity` takes an activity Task state's constant, as
// the client's `ActivityRef::worker_for` does).
workflow! {
    pub Orders {
        input { order_id: string }
        "Review": task "arn:aws:states:us-east-1:123456789012:activity:review" -> "Charge";
        "Charge": lambda::invoke {
            FunctionName: "charge",
            Payload: { order: $.order_id },
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {
    let running = Engine::new()
        .activity(Orders::REVIEW.activity_arn().unwrap())
        .machine(&Orders::definition()).input(json!({"order_id": "o-1"})).start()
        .unwrap();
    let _ = running.work_activity(Orders::CHARGE, "worker-1", |_request| Ok(json!({})));
}
