use workflow_runtime::workflow;

// `status` is one of DynamoDB's reserved words: it needs a `#name`.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::put_item {
            TableName: "t",
            Item: { id: { S: $.id } },
            ConditionExpression: "status <> :s",
            ExpressionAttributeValues: { ":s": { S: "done" } }
        };
    }
}

fn main() {}
