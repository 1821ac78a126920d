use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass -> "Done";
        "Orphan": pass -> "Done";
        "Done": succeed;
    }
}

fn main() {}
