use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { mode: fast };
    }
}

fn main() {}
