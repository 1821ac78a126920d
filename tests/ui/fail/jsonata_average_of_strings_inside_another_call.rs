use workflow_runtime::workflow;

// `$average` of strings fails (T0412), and of an empty array gives no value, which `$round`
// passes on to the field: it fails either way.
workflow! {
    pub Case {
        query_language = jsonata;
        input { scores: [string] }
        "Mean": pass output = { mean: "{% $round($average($states.input.scores), 1) %}" };
    }
}

fn main() {}
