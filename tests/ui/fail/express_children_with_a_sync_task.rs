use workflow_runtime::workflow;

// A Distributed Map's EXPRESS child workflows are EXPRESS workflows: no `.sync`.
workflow! {
    pub Case {
        "Each": map(distributed, execution = express) {
            "Crawl": glue::start_job_run.sync { JobName: "crawl" };
        }
    }
}

fn main() {}
