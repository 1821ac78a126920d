use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass -> "Done" result_path = $.x;
        "Done": succeed;
    }
}

fn main() {}
