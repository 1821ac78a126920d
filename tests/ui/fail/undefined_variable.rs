use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { n: $count };
    }
}

fn main() {}
