use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Call": lambda::invoke { FunctionNmae: "f", Payload: { name: $.name } };
    }
}

fn main() {}
