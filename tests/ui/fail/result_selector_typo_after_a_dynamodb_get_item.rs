use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Get": dynamodb::get_item { TableName: "orders", Key: { id: { S: "o-1" } } }
            result_selector { item: $.Itme };
    }
}

fn main() {}
