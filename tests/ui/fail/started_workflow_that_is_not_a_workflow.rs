use workflow_runtime::workflow;

struct Backend;

// `workflow(…)` names a type `workflow!` declared.
workflow! {
    pub Case {
        "Update": states::start_execution.sync2 { StateMachineArn: workflow(Backend) };
    }
}

fn main() {}
