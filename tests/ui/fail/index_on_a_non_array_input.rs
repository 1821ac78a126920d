use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Start": pass { first: input.name[0] };
    }
}

fn main() {}
