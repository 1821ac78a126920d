use workflow_runtime::workflow;

// `count` starts as the string "0" and becomes a number in the loop: the types joined around
// the loop are unknown, but `States.MathAdd` fails the first time `Step` runs, entered from
// `Init`.
workflow! {
    pub Case {
        "Init": pass result = { count: "0" } -> "Step";
        "Step": pass { count: States.MathAdd($.count, 1) } -> "More?";
        "More?": choice {
            when $.count < 3 => "Step",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
