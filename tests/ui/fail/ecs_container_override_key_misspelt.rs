use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Run": ecs::run_task.sync { Cluster: "c", TaskDefinition: "app:1", LaunchType: "FARGATE", Overrides: { ContainerOverrides: [{ Nmae: "app", Environment: [{ Name: "RUN", Value: $.name }] }] } };
    }
}

fn main() {}
