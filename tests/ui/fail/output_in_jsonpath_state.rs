use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass output = { a: 1 };
    }
}

fn main() {}
