use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Call": lambda::invoke { FunctionName: true, Payload: { name: $.name } };
    }
}

fn main() {}
