use workflow_runtime::workflow;

// Every value of an `Assign` is evaluated with the variables as they were before the state:
// `$total` is not the value this `Assign` sets, and nothing set it before, so `$total * 2` gives
// no value and the state fails.
workflow! {
    pub Case {
        query_language = jsonata;
        input { n: integer }
        "Totals": pass assign { total: "{% $states.input.n %}", doubled: "{% $total * 2 %}" } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
