use workflow_runtime::workflow;

// A callback task whose message never carries `$$.Task.Token`: AWS accepts the definition, but
// nobody could ever send the token back, so the execution would wait until it timed out.
workflow! {
    pub Case {
        "Ask": sqs::send_message.wait_for_task_token {
            QueueUrl: "q",
            MessageBody: { order: $.order },
        };
    }
}

fn main() {}
