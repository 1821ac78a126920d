use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Put": dynamodb::put_item.sync { TableName: "t", Item: {} };
    }
}

fn main() {}
