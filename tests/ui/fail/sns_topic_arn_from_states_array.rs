use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Sns": sns::publish { TopicArn: States.Array($.name), Message: "done" };
    }
}

fn main() {}
