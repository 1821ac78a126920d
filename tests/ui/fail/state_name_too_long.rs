use workflow_runtime::workflow;

workflow! {
    pub Case {
        "this state name is far too long for step functions, which caps names at eighty chars": succeed;
    }
}

fn main() {}
