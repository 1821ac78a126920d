use workflow_runtime::workflow;

// The reader's items are declared (`item`): each iteration's input is typed from them.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Charge": lambda::invoke { FunctionName: "charge", Payload: { id: $.orderId, cents: $.amount_cents } };
        }
        reader s3::get_object { Bucket: "orders", Key: "today.jsonl" } (input_type = jsonl)
        item { order_id: string, amount_cents: integer };
    }
}

fn main() {}
