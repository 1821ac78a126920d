use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass resultpath = $.r;
    }
}

fn main() {}
