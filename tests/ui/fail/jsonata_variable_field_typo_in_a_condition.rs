use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        input { order: { id: string, total: number } }
        "Load": pass assign { order: "{% $states.input.order %}" } -> "Check";
        "Check": choice {
            when "{% $order.totl > 100 %}" => "Big",
            otherwise => "Done",
        }
        "Big": succeed;
        "Done": succeed;
    }
}

fn main() {}
