use workflow_runtime::workflow;

// `$string(…)` gives a string, and SQS's `DelaySeconds` is an integer: the request is refused.
workflow! {
    pub Case {
        input { delay: integer }
        "Send": sqs::send_message {
            QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/q",
            MessageBody: "hello",
            DelaySeconds: "{% $string($states.input.delay) %}",
        } query_language = jsonata;
    }
}

fn main() {}
