use workflow_runtime::workflow;

workflow! {
    pub {
        "Start": succeed;
    }
}

fn main() {}
