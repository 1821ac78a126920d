use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { id: string, ids: [string] }
        "Get": dynamodb::get_item { TableName: "t", Key: { id: { S: $.id } }, ConsistentRead: States.ArrayLength($.ids) };
    }
}

fn main() {}
