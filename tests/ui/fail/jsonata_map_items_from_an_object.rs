use workflow_runtime::workflow;

// `order` is an object: a Map's `Items` must evaluate to an array, so the state fails with
// `States.QueryEvaluationError`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { order: { id: string, lines: [string] } }
        "Each": map(items = "{% $states.input.order %}") { "Line": pass; };
    }
}

fn main() {}
