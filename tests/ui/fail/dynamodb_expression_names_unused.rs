use workflow_runtime::workflow;

// `#n` is defined and never used.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::get_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ProjectionExpression: "sku, #q",
            ExpressionAttributeNames: { "#q": "qty", "#n": "name" }
        };
    }
}

fn main() {}
