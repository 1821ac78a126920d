use workflow_runtime::workflow;

// The update uses `:t`, which ExpressionAttributeValues does not define (issue 91).
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            UpdateExpression: "SET qty = :t",
            ExpressionAttributeValues: { ":q": { N: "1" } }
        };
    }
}

fn main() {}
