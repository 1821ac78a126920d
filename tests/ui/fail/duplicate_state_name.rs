use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass -> "Start";
        "Start": succeed;
    }
}

fn main() {}
