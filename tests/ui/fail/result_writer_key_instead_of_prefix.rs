use workflow_runtime::workflow;

// A ResultWriter writes under a `Prefix` (it names its own objects): it takes no `Key`.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Charge": pass;
        }
        reader s3::list_objects_v2 { Bucket: "orders", Prefix: "in/" }
        writer s3::put_object { Bucket: "results", Key: "runs/" };
    }
}

fn main() {}
