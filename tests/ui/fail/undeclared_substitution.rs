use workflow_runtime::workflow;

workflow! {
    pub Case {
        substitutions { TableName: string }
        "Put": dynamodb::put_item { TableName: "${TableNam}", Item: { id: { S: "1" } } };
    }
}

fn main() {}
