use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Train": sagemaker::create_training_job.sync;
    }
}

fn main() {}
