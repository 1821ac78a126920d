use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        "Call": lambda::invoke { FunctionName: "price" } output = "{% $states.result.Paylod %}";
    }
}

fn main() {}
