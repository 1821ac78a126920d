use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { tags: Vec<String> }
        "Start": succeed;
    }
}

fn main() {}
