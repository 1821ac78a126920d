use workflow_runtime::workflow;

workflow! {
    /// A STANDARD workflow (no `type`).
    pub Backend {
        Done: succeed;
    }
}

// `StartSyncExecution` starts EXPRESS state machines only.
workflow! {
    pub Case {
        "Update": aws_sdk::sfn::start_sync_execution { StateMachineArn: workflow(Backend) };
    }
}

fn main() {}
