use workflow_runtime::workflow;

// `due` is a timestamp: a Wait's `Seconds` must evaluate to a whole number, so the state
// fails with `States.QueryEvaluationError`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { due: timestamp }
        "Pause": wait(seconds = "{% $states.input.due %}") -> "Done";
        "Done": succeed;
    }
}

fn main() {}
