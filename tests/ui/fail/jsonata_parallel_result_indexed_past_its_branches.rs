use workflow_runtime::workflow;

// A Parallel state's result holds one element per branch: two branches, so `[2]` is past the
// end.
workflow! {
    pub Case {
        query_language = jsonata;
        "Fan out": parallel {
            branch { "Ship": pass output = { ship: "ok" }; }
            branch { "Bill": pass output = { bill: "ok" }; }
        } output = { billed: "{% $states.result[2].bill %}" };
    }
}

fn main() {}
