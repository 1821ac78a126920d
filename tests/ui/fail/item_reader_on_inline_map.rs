use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(items = $.list) { "Item": pass; }
            reader s3::get_object { Bucket: "b", Key: "k" };
    }
}

fn main() {}
