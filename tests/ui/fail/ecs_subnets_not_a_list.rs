use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Run": ecs::run_task.sync { Cluster: "c", TaskDefinition: "app:1", NetworkConfiguration: { AwsvpcConfiguration: { Subnets: "subnet-1" } } };
    }
}

fn main() {}
