use workflow_runtime::workflow;

// `input.n` is a string, whichever way leads into `Add` (here a catcher that hands the input
// on): `States.MathAdd` takes numbers.
workflow! {
    pub Case {
        input { n: string }
        "Call": lambda::invoke { FunctionName: "f", Payload: {} }
            result_path = $.r
            catch [States.ALL] (result_path = null) => "Add"
            -> "Add";
        "Add": pass { x: States.MathAdd(input.n, 1) };
    }
}

fn main() {}
