use workflow_runtime::workflow;

// `$sum` takes an array of numbers: `amounts` holds strings, so the expression fails (T0412)
// whenever the array is not empty (`$sum([])` is `0`).
workflow! {
    pub Case {
        query_language = jsonata;
        input { amounts: [string] }
        "Total": pass output = { total: "{% $sum($states.input.amounts) %}" };
    }
}

fn main() {}
