use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { n: number($.x) };
    }
}

fn main() {}
