use workflow_runtime::workflow;

// SQS delays a message by at most 900 seconds (15 minutes). The API model states no bound;
// SQS's API reference does, and SQS refuses the request.
workflow! {
    pub Case {
        "Send": sqs::send_message {
            QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
            MessageBody: "later",
            DelaySeconds: 1000,
        };
    }
}

fn main() {}
