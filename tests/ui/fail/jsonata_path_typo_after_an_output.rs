use workflow_runtime::workflow;

workflow! {
    pub Case {
        query_language = jsonata;
        input { lines: [{ price: number }] }
        "Sum": pass output = { total: 12, currency: "EUR" } -> "Notify";
        "Notify": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
            Message: $.totl,
        };
    }
}

fn main() {}
