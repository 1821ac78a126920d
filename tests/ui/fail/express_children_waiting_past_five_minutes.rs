use workflow_runtime::workflow;

// Each EXPRESS child workflow of a Distributed Map runs five minutes at most.
workflow! {
    pub Case {
        "Each": map(distributed, execution = express) {
            "Settle": wait(seconds = 3600);
        }
    }
}

fn main() {}
