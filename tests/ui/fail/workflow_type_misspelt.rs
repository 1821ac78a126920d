use workflow_runtime::workflow;

workflow! {
    pub Case {
        type = expres;
        Done: succeed;
    }
}

fn main() {}
