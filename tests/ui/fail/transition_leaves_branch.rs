use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Fan": parallel {
            branch { "Inner": pass -> "Done"; }
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
