use workflow_runtime::workflow;

// A CSV reader reads every column as text.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Charge": pass;
        }
        reader s3::get_object { Bucket: "orders", Key: "today.csv" } (input_type = csv, header_location = first_row)
        item { order_id: string, amount_cents: integer };
    }
}

fn main() {}
