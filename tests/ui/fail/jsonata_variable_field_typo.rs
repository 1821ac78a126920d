use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        input { order: { id: string, total: number } }
        "Load": pass assign { order: $.order } -> "Ship";
        "Ship": pass output = { id: "{% $order.idd %}" };
    }
}

fn main() {}
