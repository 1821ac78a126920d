use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Start": pass { first: input.name.first };
    }
}

fn main() {}
