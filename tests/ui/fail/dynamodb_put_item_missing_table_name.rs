use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Put": dynamodb::put_item { Item: { id: { S: $.name } } };
    }
}

fn main() {}
