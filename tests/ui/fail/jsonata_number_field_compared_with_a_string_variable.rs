use workflow_runtime::workflow;

// `$threshold` holds the string "100" and `amount` is a number: JSONata orders two numbers or
// two strings only, so the condition fails (T2009) and the Choice with
// `States.QueryEvaluationError`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { amount: number }
        "Init": pass assign { threshold: "100" } -> "Check";
        "Check": choice {
            when input.amount > $threshold => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": succeed;
    }
}

fn main() {}
