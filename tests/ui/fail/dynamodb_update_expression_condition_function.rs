use workflow_runtime::workflow;

// `attribute_exists` is a condition's function, not an update's.
workflow! {
    pub Case {
        input { id: string }
        "Save": dynamodb::update_item {
            TableName: "t",
            Key: { id: { S: $.id } },
            UpdateExpression: "SET seen = attribute_exists(sku)"
        };
    }
}

fn main() {}
