use workflow_runtime::workflow;

// A catcher's `result_path` goes in parentheses after its errors.
workflow! {
    pub Case {
        input { id: string }
        "T": lambda::invoke { FunctionName: "f", Payload: { id: $.id } }
        catch ["States.ALL"] result_path = $.error => "Handle"
        -> "Done";
        "Handle": pass -> "Done";
        "Done": succeed;
    }
}

fn main() {}
