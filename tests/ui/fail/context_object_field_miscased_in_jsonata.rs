use workflow_runtime::workflow;

// `$states.context` holds `Execution`, not `execution`.
workflow! {
    pub Case {
        query_language = jsonata;
        "Stamp": pass output = { name: "{% $states.context.execution.Name %}" };
    }
}

fn main() {}
