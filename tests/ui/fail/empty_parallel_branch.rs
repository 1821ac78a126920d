use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Fan": parallel {
            branch { "Work": pass; }
            branch { }
        }
    }
}

fn main() {}
