use workflow_runtime::workflow;

// `$limit` holds a number: JSONata's `=` between a number and a string is never true, so the
// first rule can never match.
workflow! {
    pub Case {
        query_language = jsonata;
        "Init": pass assign { limit: 10 } -> "Check";
        "Check": choice {
            when "{% $limit = 'ten' %}" => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
