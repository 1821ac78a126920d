use workflow_runtime::workflow;

// Issue 91: a retrier on a name the integration's service never raises (misspelt) is dead
// code; the error names the nearest name Step Functions gives ECS's errors.
workflow! {
    pub Case {
        "Transcode": ecs::run_task.sync { Cluster: "c", TaskDefinition: "t" }
        retry [ECS.AmazonECSExeption] (max_attempts = 3)
        catch [States.ALL] => "Failed"
        -> "Done";
        "Done": succeed;
        "Failed": fail;
    }
}

fn main() {}
