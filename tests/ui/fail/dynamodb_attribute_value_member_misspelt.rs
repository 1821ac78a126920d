use workflow_runtime::workflow;

// `getItem`'s `Item` maps each attribute to an attribute value: `{ "S": "…" }` for a string.
// `s` is not a member of an attribute value.
workflow! {
    pub Case {
        input { id: string }
        "Get": dynamodb::get_item { TableName: "t", Key: { id: { S: $.id } } } -> "Use";
        "Use": pass { sku: $.Item.sku.s };
    }
}

fn main() {}
