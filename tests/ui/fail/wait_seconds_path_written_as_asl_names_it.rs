use workflow_runtime::workflow;

// ASL's `SecondsPath` is `seconds` with a path.
workflow! {
    pub Case {
        input { delay: integer }
        "W": wait(seconds_path = $.delay) -> "Done";
        "Done": succeed;
    }
}

fn main() {}
