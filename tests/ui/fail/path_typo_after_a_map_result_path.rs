use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { lines: [{ sku: string }] }
        "Each": map(items = $.lines) { "Line": pass; } result_path = $.shipped -> "Report";
        "Report": pass { shipped: $.shiped };
    }
}

fn main() {}
