use workflow_runtime::workflow;

// What AWS fixes is not declared otherwise: a listing's items have `Key`, not `key`.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Charge": pass;
        }
        reader s3::list_objects_v2 { Bucket: "orders", Prefix: "in/" }
        item { key: string, Size: integer };
    }
}

fn main() {}
