use workflow_runtime::workflow;

// `due` is a timestamp: a Wait's seconds must be a whole number, so the Wait fails on AWS
// ("The SecondsPath parameter cannot be parsed as a long value").
workflow! {
    pub Case {
        input { due: timestamp }
        "Pause": wait(seconds = $.due) -> "Done";
        "Done": succeed;
    }
}

fn main() {}
