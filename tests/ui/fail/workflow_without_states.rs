use workflow_runtime::workflow;

workflow! {
    pub Case {
        timeout = 60;
    }
}

fn main() {}
