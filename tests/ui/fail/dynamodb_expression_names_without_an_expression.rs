use workflow_runtime::workflow;

// ExpressionAttributeNames given, but no expression uses names.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::get_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ExpressionAttributeNames: { "#n": "name" }
        };
    }
}

fn main() {}
