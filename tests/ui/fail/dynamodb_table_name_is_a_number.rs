use workflow_runtime::workflow;

// Step Functions converts nothing to text: on AWS the task would fail to start with
// `States.Runtime` ("The value for the field 'TableName' must be a STRING").
workflow! {
    pub Case {
        input { id: string }
        "Get": dynamodb::get_item { TableName: 42, Key: { id: { S: $.id } } };
    }
}

fn main() {}
