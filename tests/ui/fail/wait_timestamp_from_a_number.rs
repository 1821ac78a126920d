use workflow_runtime::workflow;

// `until` is a number of seconds in the input; a Wait's timestamp must be an RFC 3339 string.
workflow! {
    pub Case {
        input { until: integer }
        "Pause": wait(timestamp = $.until) -> "Done";
        "Done": succeed;
    }
}

fn main() {}
