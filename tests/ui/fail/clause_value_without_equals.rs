use workflow_runtime::workflow;

// A clause's value follows `=`: `output = "{% … %}"`.
workflow! {
    pub Case {
        input { id: string }
        query_language = jsonata;
        "Use": pass output "{% $states.input.id %}";
    }
}

fn main() {}
