use workflow_runtime::workflow;

workflow! {
    pub Case {
        "Each": map(distributed) { "Item": pass; }
            reader s3::get_object { Bucket: "b", Key: "k.csv" } (input_type = cvs);
    }
}

fn main() {}
