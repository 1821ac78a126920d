use workflow_runtime::workflow;

// A name placeholder's key must start with `#`.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::get_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ProjectionExpression: "#n",
            ExpressionAttributeNames: { "n": "name" }
        };
    }
}

fn main() {}
