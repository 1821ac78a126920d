use workflow_runtime::workflow;

// A CSV row with the headers the reader is given is an object with those keys.
workflow! {
    pub Case {
        input { bucket: string }
        "Rows": map(distributed, execution = express) {
            "Use": pass parameters { sku: $.skuu };
        }
        reader s3::get_object { Bucket: $.bucket, Key: "items.csv" } (input_type = csv, header_location = given, headers = ["sku", "qty"])
        -> "Done";
        "Done": succeed;
    }
}

fn main() {}
