use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { order: { id: string, total: number }, customer: string }
        "Pick": pass output_path = $.order -> "Ship";
        "Ship": pass { id: $.order.id };
    }
}

fn main() {}
