use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string, total: number } }
        "Load": pass assign { order: $.order } -> "Big?";
        "Big?": choice {
            when $order.totl > 100 => "Big",
            otherwise => "Small",
        }
        "Big": succeed;
        "Small": succeed;
    }
}

fn main() {}
