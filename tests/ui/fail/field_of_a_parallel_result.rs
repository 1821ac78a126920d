use workflow_runtime::workflow;

// A Parallel state's output is the array of its branches' outputs: `$.ship` reads a field of
// that array, which AWS's JSONPath cannot find (the state fails); `$[0].ship` is the fix.
workflow! {
    pub Case {
        input { order: { id: string } }
        "Fan out": parallel {
            branch { "Ship": pass result = { ship: "ok" }; }
            branch { "Bill": pass result = { bill: "ok" }; }
        } -> "Report";
        "Report": pass { shipped: $.ship };
    }
}

fn main() {}
