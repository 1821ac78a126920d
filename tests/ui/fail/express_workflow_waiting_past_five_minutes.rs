use workflow_runtime::workflow;

// An EXPRESS execution runs five minutes at most: it times out before this Wait ends.
workflow! {
    pub Case {
        type = express;
        "Cool down": wait(seconds = 600);
    }
}

fn main() {}
