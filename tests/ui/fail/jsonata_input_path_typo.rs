use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        input { customer: string, total: number }
        "Notify": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
            Message: "{% $states.input.custmer %}",
        };
    }
}

fn main() {}
