use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Sns": sns::publish { TopicArn: "arn:aws:sns:us-east-1:123456789012:t", Mesage: "done" };
    }
}

fn main() {}
