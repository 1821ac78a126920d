use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { c: 'x' };
    }
}

fn main() {}
