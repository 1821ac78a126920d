//! A local object store standing in for Amazon S3: the test fills it, a Distributed Map's
//! `ItemReader` reads from it (`s3:getObject`, `s3:listObjectsV2`) and its `ResultWriter`
//! writes to it (`manifest.json`, `SUCCEEDED_n.json`, `FAILED_n.json`).
//!
//! ```
//! use workflow_runtime::engine::ObjectStore;
//! let store = ObjectStore::new();
//! store.put("bucket", "data/items.csv", "id,name\n1,Ada\n");
//! assert_eq!(store.get("bucket", "data/items.csv").as_deref(), Some(&b"id,name\n1,Ada\n"[..]));
//! assert_eq!(store.keys("bucket", "data/"), ["data/items.csv"]);
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Object bodies by (bucket, key).
type Objects = BTreeMap<(String, String), Vec<u8>>;

/// Objects by bucket and key. Cloning shares the store: the test keeps a clone to fill it
/// and to read what the engine wrote.
#[derive(Clone, Debug, Default)]
pub struct ObjectStore {
    objects: Arc<Mutex<Objects>>,
}

impl ObjectStore {
    /// An empty store.
    pub fn new() -> Self {
        ObjectStore::default()
    }

    fn lock(&self) -> MutexGuard<'_, Objects> {
        self.objects.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores `body` at `bucket`/`key` (replacing what was there).
    pub fn put(&self, bucket: &str, key: &str, body: impl AsRef<[u8]>) {
        self.lock()
            .insert((bucket.to_owned(), key.to_owned()), body.as_ref().to_vec());
    }

    /// The object at `bucket`/`key`.
    pub fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.lock()
            .get(&(bucket.to_owned(), key.to_owned()))
            .cloned()
    }

    /// The object at `bucket`/`key` parsed as JSON.
    pub fn get_json(&self, bucket: &str, key: &str) -> Option<serde_json::Value> {
        self.get(bucket, key)
            .and_then(|body| serde_json::from_slice(&body).ok())
    }

    /// The keys in `bucket` that start with `prefix`, in lexicographic order (as S3 lists them).
    pub fn keys(&self, bucket: &str, prefix: &str) -> Vec<String> {
        self.lock()
            .keys()
            .filter(|(b, k)| b == bucket && k.starts_with(prefix))
            .map(|(_, k)| k.clone())
            .collect()
    }

    /// The objects in `bucket` under `prefix` with their sizes, in key order.
    pub(crate) fn list(&self, bucket: &str, prefix: &str) -> Vec<(String, usize)> {
        self.lock()
            .iter()
            .filter(|((b, k), _)| b == bucket && k.starts_with(prefix))
            .map(|((_, k), body)| (k.clone(), body.len()))
            .collect()
    }
}
