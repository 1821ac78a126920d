use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        "Start": pass output = { ids: $.items[*].id };
    }
}

fn main() {}
