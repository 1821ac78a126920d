use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { v: jsonpath("$.a[") };
    }
}

fn main() {}
