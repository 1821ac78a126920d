use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f" }
            catch [States.Oops] => "Failed";
        "Failed": fail;
    }
}

fn main() {}
