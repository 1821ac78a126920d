use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { a: string }
        input { b: string }
        "Start": succeed;
    }
}

fn main() {}
