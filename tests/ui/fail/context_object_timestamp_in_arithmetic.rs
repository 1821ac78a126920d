use workflow_runtime::workflow;

// `Execution.StartTime` is an ISO 8601 timestamp, as text: `+` takes numbers (JSONata T2001).
workflow! {
    pub Case {
        query_language = jsonata;
        "Deadline": pass output = { due: "{% $states.context.Execution.StartTime + 3600 %}" };
    }
}

fn main() {}
