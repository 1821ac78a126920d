use workflow_runtime::workflow;

// A Catcher's `$states.errorOutput` is `{Error, Cause}`: `Cuase` is not there.
workflow! {
    pub Case {
        query_language = jsonata;
        "Call": lambda::invoke { FunctionName: "f", Payload: {} }
            catch [States.ALL] (output = { why: "{% $states.errorOutput.Cuase %}" }) => "Failed";
        "Failed": fail;
    }
}

fn main() {}
