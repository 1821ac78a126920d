use workflow_runtime::workflow;

// An EXPRESS workflow cannot wait for a callback.
workflow! {
    pub Case {
        type = express;
        "Sign off": sqs::send_message.wait_for_task_token {
            QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/sign-off",
            MessageBody: { token: $$.Task.Token },
        };
    }
}

fn main() {}
