use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { customer: string }
        "Defaults": pass result = { region: "eu-west-1", retries: 3 } result_path = $.config -> "Notify";
        "Notify": sns::publish {
            TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
            Message: $.config.regon,
        };
    }
}

fn main() {}
