use workflow_runtime::workflow;

// An update writes `address` and removes a part of it.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            UpdateExpression: "SET address = :a REMOVE address.city",
            ExpressionAttributeValues: { ":a": { S: "x" } }
        };
    }
}

fn main() {}
