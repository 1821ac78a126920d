use workflow_runtime::workflow;

// `ecs:runTask.sync` answers the stopped task (DescribeTasks' item, in PascalCase): its stop
// code is `StopCode`.
workflow! {
    pub Case {
        "Run": ecs::run_task.sync {
            Cluster: "jobs",
            TaskDefinition: "app:1",
            LaunchType: "FARGATE",
        } result_path = $.task -> "Check";
        "Check": choice {
            when $.task.StopCod == "EssentialContainerExited" => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
