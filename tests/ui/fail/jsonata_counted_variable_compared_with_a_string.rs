use workflow_runtime::workflow;

// `$lines` holds what `$count` returns, a number: it never equals the string `'3'`, so the
// first rule can never match.
workflow! {
    pub Case {
        query_language = jsonata;
        input { lines: [string] }
        "Count": pass assign { lines: "{% $count($states.input.lines) %}" } -> "Check";
        "Check": choice {
            when "{% $lines = '3' %}" => "Done",
            otherwise => "Done",
        }
        "Done": succeed;
    }
}

fn main() {}
