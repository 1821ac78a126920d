use workflow_runtime::workflow;

// A Map with a `writer` hands on where it wrote the results, not the results: reading its
// result as an array is an error that says the writer is why.
workflow! {
    pub Case {
        input { ids: [string] }
        "Each": map(distributed, execution = express, items = $.ids) {
            "Work": pass;
        }
        writer s3::put_object { Bucket: "results", Prefix: "runs" }
        result_path = $.written
        -> "Next";
        "Next": map(items = $.written) {
            "Use": pass;
        } -> "Done";
        "Done": succeed;
    }
}

fn main() {}
