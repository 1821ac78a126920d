use workflow_runtime::workflow;

// A `listObjectsV2` reader hands each iteration an object AWS fixes: `{Etag, Key,
// LastModified, Size, StorageClass}`. No `item { … }` is needed to know `key` is not one.
workflow! {
    pub Case {
        "Each": map(distributed) {
            "Charge": pass { object: $.key };
        }
        reader s3::list_objects_v2 { Bucket: "orders", Prefix: "in/" };
    }
}

fn main() {}
