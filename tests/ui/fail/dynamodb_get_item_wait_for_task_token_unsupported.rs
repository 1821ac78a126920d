use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Get": dynamodb::get_item.wait_for_task_token { TableName: "t", Key: { id: { S: $.name } } };
    }
}

fn main() {}
