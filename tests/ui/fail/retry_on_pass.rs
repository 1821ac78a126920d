use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass retry [States.ALL] (max_attempts = 2);
    }
}

fn main() {}
