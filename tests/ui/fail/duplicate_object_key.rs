use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { a: 1, a: 2 };
    }
}

fn main() {}
