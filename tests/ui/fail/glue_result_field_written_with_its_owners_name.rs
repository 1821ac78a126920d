use workflow_runtime::workflow;

// The Glue job run's identifier is its `Id`: `JobRunId` is the field with its owner's name.
workflow! {
    pub Case {
        "Load": glue::start_job_run.sync { JobName: "load" } -> "Report";
        "Report": pass { run: $.JobRunId };
    }
}

fn main() {}
