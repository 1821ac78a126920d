use workflow_runtime::workflow;

// `count` starts as the string "0" and becomes a number in the loop: the types joined around
// the loop are unknown, but `Step` fails the first time, entered from `Init` (T2001).
workflow! {
    pub Case {
        query_language = jsonata;
        "Init": pass assign { count: "0" } -> "Step";
        "Step": pass assign { count: "{% $count + 1 %}" } -> "More?";
        "More?": choice {
            when "{% $count < 3 %}" => "Step",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
