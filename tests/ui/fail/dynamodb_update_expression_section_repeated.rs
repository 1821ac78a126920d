use workflow_runtime::workflow;

// Each section of an update expression is written once.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            UpdateExpression: "SET qty = :q REMOVE draft SET sku = :s",
            ExpressionAttributeValues: { ":q": { N: "1" }, ":s": { S: "x" } }
        };
    }
}

fn main() {}
