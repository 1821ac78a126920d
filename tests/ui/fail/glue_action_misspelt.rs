use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { day: string }
        "Glue": glue::start_job_runn.sync { JobName: "etl", Arguments: { "--day": $.day } };
    }
}

fn main() {}
