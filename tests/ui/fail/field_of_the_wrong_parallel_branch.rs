use workflow_runtime::workflow;

// `$[0]` is what the first branch ends with and `$[1]` what the second does: the bill is in
// `$[1]`, not in `$[0]`.
workflow! {
    pub Case {
        input { order: { id: string } }
        "Fan out": parallel {
            branch { "Ship": pass result = { ship: "ok" }; }
            branch { "Bill": pass result = { bill: "ok" }; }
        } -> "Report";
        "Report": pass { shipped: $[0].ship, billed: $[0].bill };
    }
}

fn main() {}
