use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": succeed;
        input { name: string }
    }
}

fn main() {}
