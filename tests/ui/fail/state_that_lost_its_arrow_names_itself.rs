use workflow_runtime::workflow;

// `Validate` lost its `-> "Charge"`: it ends the workflow, and the states after it are reached
// from nowhere. The error names `Validate`.
workflow! {
    pub Case {
        "Validate": pass;
        "Charge": pass -> "Done";
        "Done": succeed;
    }
}

fn main() {}
