use workflow_runtime::workflow;

workflow! {
    pub Case {
        "A": pass -> "B";
        "B": pass -> "A";
    }
}

fn main() {}
