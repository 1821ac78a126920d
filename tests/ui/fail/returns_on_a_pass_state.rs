use workflow_runtime::workflow;

// Only a Task has a handler whose answer to declare.
workflow! {
    pub Case {
        "Start": pass returns { ok: bool };
    }
}

fn main() {}
