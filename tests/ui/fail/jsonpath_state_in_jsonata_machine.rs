use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        "Start": pass output = { a: 1 } -> Copy;
        "Copy": pass { v: $.a } result_path = $.copy query_language = jsonpath;
    }
}

fn main() {}
