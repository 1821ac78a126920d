use workflow_runtime::workflow;

// A Distributed Map that writes its results answers `{MapRunArn, ResultWriterDetails: {Bucket,
// Key}}`.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Handle": pass;
        }
        reader s3::get_object { Bucket: "in", Key: "orders.json" } (input_type = json)
        writer s3::put_object { Bucket: "out", Prefix: "runs" }
        -> "Report";
        "Report": pass { manifest: $.ResultWriterDetails.key };
    }
}

fn main() {}
