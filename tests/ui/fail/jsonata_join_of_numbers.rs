use workflow_runtime::workflow;

// `$join` takes an array of strings: `[width, height]` holds two integers, so the expression
// fails on every execution (T0412) and the state with `States.QueryEvaluationError`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { width: integer, height: integer }
        "Label": pass output = { size: "{% $join([$states.input.width, $states.input.height], 'x') %}" };
    }
}

fn main() {}
