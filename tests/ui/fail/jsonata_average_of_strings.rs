use workflow_runtime::workflow;

// `$average` takes numbers: strings fail it (T0412), and an empty array gives no value, which
// the field cannot take. It fails either way.
workflow! {
    pub Case {
        query_language = jsonata;
        input { scores: [string] }
        "Mean": pass output = { mean: "{% $average($states.input.scores) %}" };
    }
}

fn main() {}
