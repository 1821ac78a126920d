use workflow_runtime::workflow;

// `:x` is defined and never used.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            UpdateExpression: "SET qty = :q",
            ExpressionAttributeValues: { ":q": { N: "1" }, ":x": { N: "2" } }
        };
    }
}

fn main() {}
