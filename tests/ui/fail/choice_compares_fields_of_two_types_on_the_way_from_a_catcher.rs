use workflow_runtime::workflow;

// Entered from the catcher, which hands the input on, `$.code` is a string and `$.limit` an
// integer: the rule can never match that way (the task's own answer is unknown).
workflow! {
    pub Case {
        input { code: string, limit: integer }
        "Call": task "arn:aws:states:us-east-1:123456789012:activity:review"
            catch [States.ALL] (result_path = null) => "Check"
            -> "Check";
        "Check": choice {
            when $.code == number($.limit) => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
