use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass result_path = $.a result_path = $.b;
    }
}

fn main() {}
