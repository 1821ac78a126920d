use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Send": sqs::send_message { MessageBody: $.name };
    }
}

fn main() {}
