use workflow_runtime::workflow;

// A Distributed Map that writes its results to S3 hands on where it wrote them, an object.
workflow! {
    pub Case {
        input { items: [{ n: integer }] }
        "Each": map(distributed, items = $.items) {
            "Double": pass;
        }
        writer s3::put_object { Bucket: "out", Prefix: "runs" }
        result_path = $.written -> "Use";
        "Use": pass parameters { first: $.written[0].n } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
