use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string, name: number }
        "Start": succeed;
    }
}

fn main() {}
