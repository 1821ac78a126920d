use workflow_runtime::workflow;

// The misspelt `-> "Chek"` is the one error: `Check` is typed through it as meant, so its
// comparison of two integers needs no cast and nothing after it is unreachable.
workflow! {
    pub Case {
        input { count: integer, limit: integer }
        "Start": pass result = { ok: true } result_path = $.flag -> "Chek";
        "Check": choice {
            when $.count >= $.limit => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": succeed;
    }
}

fn main() {}
