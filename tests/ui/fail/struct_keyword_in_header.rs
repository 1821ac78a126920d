use workflow_runtime::workflow;

workflow! {
    pub struct Case {
        "Start": succeed;
    }
}

fn main() {}
