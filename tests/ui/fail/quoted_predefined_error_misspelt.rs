use workflow_runtime::workflow;

// A string is taken as a custom error as written, unless it misspells a predefined one.
workflow! {
    pub Case {
        input { id: string }
        "T": lambda::invoke { FunctionName: "f", Payload: { id: $.id } }
        retry ["States.Timout"] (max_attempts = 2)
        catch ["States.QuorumMet"] => "Done"
        -> "Done";
        "Done": succeed;
    }
}

fn main() {}
