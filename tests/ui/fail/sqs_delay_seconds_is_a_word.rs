use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Send": sqs::send_message { QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q", MessageBody: $.name, DelaySeconds: "soon" };
    }
}

fn main() {}
