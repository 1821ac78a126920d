use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { orderId: string, lines: [{ sku: string }] }
        "Each": map(items = $.lines) {
            "Line": pass { order: $.ordr };
        } item_selector { order: $.orderId, line: $$.Map.Item.Value };
    }
}

fn main() {}
