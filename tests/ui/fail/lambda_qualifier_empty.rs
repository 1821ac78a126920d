use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Call": lambda::invoke { FunctionName: "f", Qualifier: "", Payload: { name: $.name } };
    }
}

fn main() {}
