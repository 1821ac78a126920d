use workflow_runtime::workflow;

// `result_path = $` replaces the input with the Lambda function's answer: the fields the Choice
// compares are gone. The first error is that, at the fields read; no error asks for the
// comparison's type, which only the mistake hides.
workflow! {
    pub Case {
        input { count: integer, limit: integer }
        "Start": lambda::invoke { FunctionName: "f", Payload: {} } result_path = $ retry [States.ALL] -> "Check";
        "Check": choice {
            when $.count >= $.limit => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": succeed;
    }
}

fn main() {}
