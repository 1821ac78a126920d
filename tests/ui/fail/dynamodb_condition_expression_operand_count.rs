use workflow_runtime::workflow;

// `begins_with` takes a path and a prefix.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::delete_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            ConditionExpression: "begins_with(sku)"
        };
    }
}

fn main() {}
