use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Sns": sns::publish.sync { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Message: $.name };
    }
}

fn main() {}
