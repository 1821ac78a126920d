use workflow_runtime::workflow;

// Step Functions builds a DynamoDB attribute value from a plain string, not from a number:
// each item of `L` must name its type (`{ N: "1" }`).
workflow! {
    pub Case {
        input { counts: [integer] }
        "Put": dynamodb::put_item { TableName: "t", Item: { id: { S: "a" }, counts: { L: $.counts } } };
    }
}

fn main() {}
