use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start" pass;
    }
}

fn main() {}
