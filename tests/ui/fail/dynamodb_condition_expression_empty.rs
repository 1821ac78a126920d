use workflow_runtime::workflow;

// An empty condition expression.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::delete_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ConditionExpression: ""
        };
    }
}

fn main() {}
