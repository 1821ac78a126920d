use workflow_runtime::workflow;

// With given headers, the declared item holds those headers.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Charge": pass;
        }
        reader s3::get_object { Bucket: "orders", Key: "today.csv" } (input_type = csv, header_location = given, headers = ["order_id", "amount"])
        item { order_id: string, amount_cents: string };
    }
}

fn main() {}
