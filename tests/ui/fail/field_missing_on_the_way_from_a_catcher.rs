use workflow_runtime::workflow;

// `Report` is entered from `Charge`, whose result is at `$.receipt`, and from `Charge`'s
// Catcher, whose error output `{Error, Cause}` replaced the input: that way there is no
// `receipt`, and `Report` fails.
workflow! {
    pub Case {
        input { order: string }
        "Charge": lambda::invoke { FunctionName: "charge", Payload: { order: $.order } }
            result_path = $.receipt
            catch [States.ALL] => "Report"
            -> "Report";
        "Report": pass { paid: $.receipt.Payload };
    }
}

fn main() {}
