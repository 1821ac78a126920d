use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass assign { "my var": 1 };
    }
}

fn main() {}
