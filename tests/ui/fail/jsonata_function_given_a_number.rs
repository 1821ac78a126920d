use workflow_runtime::workflow;

// `$uppercase` takes a string (its signature is `<s-:s>`); `count` is an integer, so the
// expression fails on every execution (T0410).
workflow! {
    pub Case {
        query_language = jsonata;
        input { count: integer }
        "Shout": pass output = { loud: "{% $uppercase($states.input.count) %}" };
    }
}

fn main() {}
