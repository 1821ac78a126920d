use workflow_runtime::workflow;

// DynamoDB's `Key` maps attribute names to attribute values (`{ S: … }`, `{ N: … }`, …): a
// plain string is refused by DynamoDB (a ValidationException when the task runs).
workflow! {
    pub Case {
        input { sku: string }
        "Get": dynamodb::get_item {
            TableName: "stock",
            Key: { sku: $.sku },
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
