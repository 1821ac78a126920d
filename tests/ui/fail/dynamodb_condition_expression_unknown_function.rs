use workflow_runtime::workflow;

// DynamoDB has no function `exists` (it has `attribute_exists`).
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::delete_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ConditionExpression: "exists(sku)"
        };
    }
}

fn main() {}
