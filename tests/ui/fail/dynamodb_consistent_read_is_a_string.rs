use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { id: string }
        "Get": dynamodb::get_item { TableName: "t", Key: { id: { S: $.id } }, ConsistentRead: "yes" };
    }
}

fn main() {}
