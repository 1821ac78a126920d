use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        "Start": pass input_path = $.order;
    }
}

fn main() {}
