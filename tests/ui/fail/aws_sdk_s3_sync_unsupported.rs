use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Get": aws_sdk::s3::get_object.sync { Bucket: "b", Key: $.name };
    }
}

fn main() {}
