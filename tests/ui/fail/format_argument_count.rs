use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { greeting: States.Format("{} and {}", $.a) };
    }
}

fn main() {}
