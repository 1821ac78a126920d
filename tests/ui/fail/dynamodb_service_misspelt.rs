use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Put": dynamodbb::put_item { TableName: "t", Item: { id: { S: $.name } } };
    }
}

fn main() {}
