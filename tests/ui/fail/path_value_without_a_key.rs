use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { list: [$.a, "b"] };
    }
}

fn main() {}
