use workflow_runtime::workflow;

// A Task of an EXPRESS workflow times out with the execution, after five minutes.
workflow! {
    pub Case {
        type = express;
        "Load": lambda::invoke { FunctionName: "load", Payload: {} } timeout = 600;
    }
}

fn main() {}
