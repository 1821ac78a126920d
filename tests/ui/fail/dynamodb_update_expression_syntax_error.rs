use workflow_runtime::workflow;

// A trailing comma: another action was expected.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            UpdateExpression: "SET qty = :q,",
            ExpressionAttributeValues: { ":q": { N: "1" } }
        };
    }
}

fn main() {}
