use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            catch [States.ALL] => "Handlr"
            -> "Done";
        "Handler": fail;
        "Done": succeed;
    }
}

fn main() {}
