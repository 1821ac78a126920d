use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { id: string }
        "Put": dynamodb::put_item { TableName: "t", Item: { id: { S: $.id } }, ReturnValues: "ALL_OLDD" };
    }
}

fn main() {}
