use workflow_runtime::workflow;

// `count` is a number: a JSONata `Condition` must evaluate to a boolean, so the Choice fails
// with `States.QueryEvaluationError`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { count: integer }
        "Check": choice {
            when "{% $states.input.count %}" => "Some",
            otherwise => "None",
        }
        "Some": succeed;
        "None": succeed;
    }
}

fn main() {}
