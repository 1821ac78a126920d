use workflow_runtime::workflow;

// `result_path = $` (the result replaces the input) parses before `retry` and `catch`, as any
// clause does before any other: the one error is the catcher's misspelt target.
workflow! {
    pub Case {
        input { id: string }
        "Call": lambda::invoke { FunctionName: "f", Payload: { id: $.id } }
            result_path = $
            retry [States.ALL] (max_attempts = 2)
            catch [States.ALL] => "Recovr"
            -> "Done";
        "Recover": pass -> "Done";
        "Done": succeed;
    }
}

fn main() {}
