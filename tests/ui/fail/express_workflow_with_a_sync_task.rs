use workflow_runtime::workflow;

// An EXPRESS workflow runs request-response integrations only: AWS refuses to create it with a
// `.sync` Task ("Express state machine does not support '.sync' service integration").
workflow! {
    pub Case {
        type = express;
        "Run": ecs::run_task.sync { Cluster: "etl", TaskDefinition: "load" };
    }
}

fn main() {}
