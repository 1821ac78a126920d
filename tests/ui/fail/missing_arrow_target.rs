use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass -> ;
        "Done": succeed;
    }
}

fn main() {}
