use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

workflow! {
    pub Orders {
        // Being written: `lambda::` and no action yet.
        "Charge": lambda:: { FunctionName: "Charge" } -> "Done";
        "Done": succeed;
    }
}

fn main() {
    // The path's one error; the state stands, so its Task constant exists.
    let _engine = Engine::new().handler(Orders::CHARGE, |_call| async {
        Ok::<_, workflow_runtime::engine::TaskFailure>(serde_json::json!({}))
    });
}
