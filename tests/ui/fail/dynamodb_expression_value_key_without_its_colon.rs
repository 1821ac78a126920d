use workflow_runtime::workflow;

// A value placeholder's key must start with `:`.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::delete_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ConditionExpression: "sku <> :v",
            ExpressionAttributeValues: { "v": { S: "x" } }
        };
    }
}

fn main() {}
