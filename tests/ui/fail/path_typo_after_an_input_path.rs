use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string, total: number } }
        "Ship": pass input_path = $.order parameters { id: $.idd };
    }
}

fn main() {}
