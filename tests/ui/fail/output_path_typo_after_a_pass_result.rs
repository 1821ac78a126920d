use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Build": pass result = { orderId: "o-1", total: 12 } output_path = $.ordrId;
    }
}

fn main() {}
