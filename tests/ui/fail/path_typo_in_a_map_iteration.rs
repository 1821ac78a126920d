use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { customer: string, lines: [{ sku: string, qty: integer }] }
        "Each": map(items = $.lines) { "Line": pass { sku: $.skuu }; };
    }
}

fn main() {}
