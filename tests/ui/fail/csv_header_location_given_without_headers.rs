use workflow_runtime::workflow;

// `csv_header_location = given` needs `csv_headers`: the fix is written in the macro's words
// (`csv_headers = ["id", "name"]`), not in ASL's JSON (`"CSVHeaders": [...]`).
workflow! {
    pub Case {
        input { bucket: string }
        "Rows": map(distributed, execution = express) {
            "Use": pass;
        }
        reader s3::get_object { Bucket: $.bucket, Key: "items.csv" } (input_type = csv, csv_header_location = given)
        -> "Done";
        "Done": succeed;
    }
}

fn main() {}
