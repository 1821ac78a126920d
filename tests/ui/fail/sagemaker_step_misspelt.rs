use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Train": sagemaker::TrainStep { job_name: "job" };
    }
}

fn main() {}
