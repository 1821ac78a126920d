use workflow_runtime::workflow;

// `$count` is a number when `Save` is entered from the catcher that assigns it (the other way's
// answer is unknown): a DynamoDB attribute value names its type, so the bare number fails there.
workflow! {
    pub Case {
        query_language = jsonata;
        input { count: integer }
        "Call": lambda::invoke { FunctionName: "f", Payload: {} }
            assign { count: "{% $states.result.Payload.count %}" }
            catch [States.ALL] assign { count: "{% $states.input.count %}" } => "Save"
            -> "Save";
        "Save": dynamodb::put_item {
            TableName: "orders",
            Item: { id: { S: "order" }, count: "{% $count %}" },
        };
    }
}

fn main() {}
