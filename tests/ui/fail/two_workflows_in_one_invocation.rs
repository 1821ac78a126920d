use workflow_runtime::workflow;

workflow! {
    pub First {
        "Start": succeed;
    }
    pub Second {
        "Start": succeed;
    }
}

fn main() {}
