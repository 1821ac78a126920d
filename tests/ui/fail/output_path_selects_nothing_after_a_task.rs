use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "price" } output_path = $.Paylod;
    }
}

fn main() {}
