use workflow_runtime::workflow;

// Glue's `Arguments` maps names to strings: `--window` computed from an object in the input
// is refused by Glue when the task runs.
workflow! {
    pub Case {
        input { window: { from: string, to: string } }
        "Prepare": glue::start_job_run.sync {
            JobName: "prepare",
            Arguments: { "--window": $.window },
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
