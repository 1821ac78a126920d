use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { customer: string }
        "Pause": wait(seconds = 5) -> "Notify";
        "Notify": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
            Message: $.custmer,
        };
    }
}

fn main() {}
