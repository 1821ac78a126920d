use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { count: int }
        "Start": succeed;
    }
}

fn main() {}
