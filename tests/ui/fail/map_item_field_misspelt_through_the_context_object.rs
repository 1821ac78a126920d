use workflow_runtime::workflow;

// The items have `sku`; the ItemSelector reads `skuu` of the item through the context object.
workflow! {
    pub Case {
        input { lines: [{ sku: string, qty: integer }] }
        "Each": map(items = $.lines) {
            "Line": pass;
        } item_selector { sku: $$.Map.Item.Value.skuu, qty: $$.Map.Item.Value.qty };
    }
}

fn main() {}
