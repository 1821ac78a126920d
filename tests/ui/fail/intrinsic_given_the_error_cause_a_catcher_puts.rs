use workflow_runtime::workflow;

// Issue 91: the error output a Catcher puts at `$.error` is `{Error, Cause}`, two strings, so
// `States.MathAdd` of its `Cause` fails the state it reaches.
workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f", Payload: {} }
            catch [States.ALL] (result_path = $.error) => "Count"
            -> "Done";
        "Count": pass { attempts: States.MathAdd($.error.Cause, 1) } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
