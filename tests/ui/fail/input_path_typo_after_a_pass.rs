use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Load": pass result = { order: { id: "o-1" } } -> "Ship";
        "Ship": pass input_path = $.ordr;
    }
}

fn main() {}
