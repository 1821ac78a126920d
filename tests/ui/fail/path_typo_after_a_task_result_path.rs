use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { customer: string }
        "Price": lambda::invoke { FunctionName: "price", Payload: { customer: $.customer } }
            result_path = $.price -> "Notify";
        "Notify": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:prices",
            Message: $.custmer,
        };
    }
}

fn main() {}
