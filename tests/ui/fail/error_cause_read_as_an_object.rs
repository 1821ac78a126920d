use workflow_runtime::workflow;

// A Catcher's `Cause` is text (a Lambda function's error is JSON inside it): a field of it is
// read after parsing it.
workflow! {
    pub Case {
        "Call": lambda::invoke { FunctionName: "f", Payload: {} }
            catch [States.ALL] (result_path = $.error) => "Report";
        "Report": pass { message: $.error.Cause.errorMessage };
    }
}

fn main() {}
