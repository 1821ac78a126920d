use workflow_runtime::engine::Engine;
use workflow_runtime::workflow;

workflow! {
    pub Orders {
        // Being written: `->` and no state yet.
        "Charge": lambda::invoke { FunctionName: "Charge" } -> ;
        "Done": succeed;
    }
}

fn main() {
    // The transition's one error; the state stands, so its Task constant exists.
    let _engine = Engine::new().handler(Orders::CHARGE, |_call| async {
        Ok::<_, workflow_runtime::engine::TaskFailure>(serde_json::json!({}))
    });
}
