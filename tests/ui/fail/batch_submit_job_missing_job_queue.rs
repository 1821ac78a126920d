use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Job": batch::submit_job.sync { JobName: $.name, JobDefinition: "d:1" };
    }
}

fn main() {}
