use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string } }
        "Start": pass { id: input.ordr.id };
    }
}

fn main() {}
