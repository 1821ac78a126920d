use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { day: string }
        "Glue": glue::start_job_run.sync { JobName: "etl", Arguments: input.day };
    }
}

fn main() {}
