use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Load": pass result = { order: { id: "o-1" } } -> "Each";
        "Each": map(items = $.order) { "Line": pass; };
    }
}

fn main() {}
