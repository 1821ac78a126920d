use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string, total: number } }
        "Load": pass assign { order: $.order } -> "Ship";
        "Ship": pass { id: $order.idd };
    }
}

fn main() {}
