use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass assign { states: 1 };
    }
}

fn main() {}
