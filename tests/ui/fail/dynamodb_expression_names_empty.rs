use workflow_runtime::workflow;

// An empty ExpressionAttributeNames.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::put_item {
            TableName: "t",
            Item: { id: { S: $.id } },
            ConditionExpression: "attribute_not_exists(id)",
            ExpressionAttributeNames: {}
        };
    }
}

fn main() {}
