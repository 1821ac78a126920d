use workflow_runtime::workflow;

workflow! {
    pub Case {
        timout = 60;
        "Start": succeed;
    }
}

fn main() {}
