use workflow_runtime::workflow;

// An EXPRESS execution runs five minutes at most, whatever its `timeout`.
workflow! {
    pub Case {
        type = express;
        timeout = 900;
        Done: succeed;
    }
}

fn main() {}
