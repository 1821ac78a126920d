use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Init": pass assign { total: 0 } -> "Fan";
        "Fan": parallel {
            branch { "Inner": pass assign { total: 1 }; }
        };
    }
}

fn main() {}
