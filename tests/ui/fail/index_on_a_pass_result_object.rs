use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Load": pass result = { order: { id: "o-1" } } -> "Ship";
        "Ship": pass { first: $.order[0] };
    }
}

fn main() {}
