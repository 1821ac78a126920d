use workflow_runtime::workflow;

// ExpressionAttributeValues given, but the update has no expression.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ExpressionAttributeValues: { ":v": { N: "1" } }
        };
    }
}

fn main() {}
