use workflow_runtime::workflow;

// `S` holds a string; a number read from the input is not converted (`N` takes numbers, as
// text).
workflow! {
    pub Case {
        input { id: integer }
        "Get": dynamodb::get_item { TableName: "t", Key: { id: { S: $.id } } };
    }
}

fn main() {}
