use workflow_runtime::workflow;

// A Parallel state's result holds one element per branch: two branches, so `$[2]` selects
// nothing and the state fails.
workflow! {
    pub Case {
        "Fan out": parallel {
            branch { "Ship": pass result = { ship: "ok" }; }
            branch { "Bill": pass result = { bill: "ok" }; }
        } -> "Report";
        "Report": pass { billed: $[2].bill };
    }
}

fn main() {}
