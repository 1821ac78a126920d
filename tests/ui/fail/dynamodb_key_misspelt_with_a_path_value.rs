use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { table: string, id: string }
        "Get": dynamodb::get_item { TabelName: $.table, Key: { id: { S: $.id } } };
    }
}

fn main() {}
