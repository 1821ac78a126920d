use workflow_runtime::workflow;

// `total` is declared a string: JSONata's `+` takes numbers, so the expression fails on every
// execution (T2001) and the state with `States.QueryEvaluationError`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { total: string }
        "Add tax": pass output = { due: "{% $states.input.total * 1.2 %}" };
    }
}

fn main() {}
