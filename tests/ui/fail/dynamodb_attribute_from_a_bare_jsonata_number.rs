use workflow_runtime::workflow;

// An attribute value names its type: a bare JSONata number is no `AttributeValue`.
workflow! {
    pub Case {
        query_language = jsonata;
        input { id: string, count: integer }
        "Save": dynamodb::put_item {
            TableName: "orders",
            Item: { id: { S: "{% $states.input.id %}" }, count: "{% $states.input.count %}" },
        };
    }
}

fn main() {}
