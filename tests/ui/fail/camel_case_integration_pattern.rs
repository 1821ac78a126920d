use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Ask": sqs::send_message.waitForTaskToken {
            QueueUrl: "q",
            MessageBody: { token: $$.Task.Token },
        };
    }
}

fn main() {}
