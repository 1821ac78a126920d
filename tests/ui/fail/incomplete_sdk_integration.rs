use workflow_runtime::workflow;

workflow! {
    pub Case {
        "List": aws_sdk::s3 { Bucket: "b" };
    }
}

fn main() {}
