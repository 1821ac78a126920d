use workflow_runtime::workflow;

// `workflow(…)` is the state machine a Task starts, nothing else.
workflow! {
    pub Case {
        "Note": pass { started: workflow(Case) };
    }
}

fn main() {}
