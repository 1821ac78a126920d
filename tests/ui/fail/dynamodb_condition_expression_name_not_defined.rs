use workflow_runtime::workflow;

// The condition uses `#s`, which ExpressionAttributeNames does not define.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::put_item {
            TableName: "t",
            Item: { id: { S: $.id } },
            ConditionExpression: "#s <> :s",
            ExpressionAttributeValues: { ":s": { S: "done" } }
        };
    }
}

fn main() {}
