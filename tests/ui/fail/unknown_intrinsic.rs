use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass { greeting: States.Fromat("hi {}", $.name) };
    }
}

fn main() {}
