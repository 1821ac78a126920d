use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { customer: string }
        "Price": lambda::invoke { FunctionName: "price", Payload: { customer: $.customer } }
            result_selector { quote: $.Payload, status: $.StatusCode }
            result_path = $.priced -> "Notify";
        "Notify": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:prices",
            Message: $.priced.stauts,
        };
    }
}

fn main() {}
