use workflow_runtime::workflow;

// A Distributed Map's EXPRESS child workflows are EXPRESS workflows: no callback.
workflow! {
    pub Case {
        "Each": map(distributed, execution = express) {
            "Sign off": sqs::send_message.wait_for_task_token {
                QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
                MessageBody: { token: $$.Task.Token },
            };
        }
    }
}

fn main() {}
