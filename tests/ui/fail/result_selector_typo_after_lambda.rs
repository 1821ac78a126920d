use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "price", Payload: { id: 1 } }
            result_selector { price: $.Paylod.price };
    }
}

fn main() {}
