use workflow_runtime::workflow;

// `elasticmapreduce:createCluster.sync` answers `{ClusterId}` (not RunJobFlow's `JobFlowId`):
// the step reads a field the cluster's result does not have.
workflow! {
    pub Case {
        "Create": elasticmapreduce::create_cluster.sync {
            Name: "nightly",
            ReleaseLabel: "emr-6.15.0",
            Instances: { KeepJobFlowAliveWhenNoSteps: true },
        } result_path = $.cluster -> "Step";
        "Step": elasticmapreduce::add_step.sync {
            ClusterId: $.cluster.JobFlowId,
            Step: { Name: "etl", HadoopJarStep: { Jar: "command-runner.jar" } },
        } result_path = $.step -> "Done";
        "Done": succeed;
    }
}

fn main() {}
