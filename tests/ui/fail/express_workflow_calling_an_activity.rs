use workflow_runtime::workflow;

// An EXPRESS workflow cannot call an activity.
workflow! {
    pub Case {
        type = express;
        "Review": task "arn:aws:states:us-east-1:123456789012:activity:review";
    }
}

fn main() {}
