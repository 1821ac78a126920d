use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Start": pass result = { id: $.id };
    }
}

fn main() {}
