use workflow_runtime::workflow;

workflow! {
    pub Case {
        input { name: string }
        "Get": s3::get_object { Bucket: "b", Key: $.name };
    }
}

fn main() {}
