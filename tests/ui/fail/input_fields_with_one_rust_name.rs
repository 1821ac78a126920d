use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { orderId: string, order_id: string }
        "Start": pass;
    }
}

fn main() {}
