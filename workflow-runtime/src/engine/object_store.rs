//! A local object store standing in for Amazon S3: the test fills it, a Distributed Map's
//! `ItemReader` reads from it (`s3:getObject`, `s3:listObjectsV2`) and its `ResultWriter`
//! writes to it (`manifest.json`, `SUCCEEDED_n.json`, `FAILED_n.json`).
//!
//! Two backends: in memory ([`ObjectStore::new`]), or a directory standing for the buckets
//! ([`ObjectStore::directory`], what `workflow run FILE --s3 DIR` uses): the object
//! `s3://BUCKET/KEY` is the file `DIR/BUCKET/KEY`, each `/` of the key a directory level.
//!
//! ```
//! use workflow_runtime::engine::ObjectStore;
//! let store = ObjectStore::new();
//! store.put("bucket", "data/items.csv", "id,name\n1,Ada\n").unwrap();
//! assert_eq!(store.get("bucket", "data/items.csv").as_deref(), Some(&b"id,name\n1,Ada\n"[..]));
//! assert_eq!(store.keys("bucket", "data/"), ["data/items.csv"]);
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// Object bodies by (bucket, key).
type Objects = BTreeMap<(String, String), Vec<u8>>;

/// Where the objects live.
#[derive(Clone, Debug)]
enum Backend {
    Memory(Arc<Mutex<Objects>>),
    Directory(Arc<PathBuf>),
}

/// Objects by bucket and key. Cloning shares the store: the test keeps a clone to fill it
/// and to read what the engine wrote.
#[derive(Clone, Debug)]
pub struct ObjectStore {
    backend: Backend,
}

impl Default for ObjectStore {
    fn default() -> Self {
        ObjectStore {
            backend: Backend::Memory(Arc::default()),
        }
    }
}

/// Why an object could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum ObjectStoreError {
    /// The bucket or key has no file in a directory store: an empty segment (`a//b`, a key
    /// ending in `/`), `.` or `..` (which would leave the directory), or a `\` or NUL.
    #[error(
        "the object s3://{bucket}/{key} has no file in the directory store: buckets and keys map to paths only when no `/`-separated segment is empty, `.` or `..` and none holds `\\` or NUL"
    )]
    UnmappableKey {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
    },
    /// Writing the file failed.
    #[error("cannot write s3://{bucket}/{key} to {}: {source}", path.display())]
    Write {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
}

impl ObjectStore {
    /// An empty store in memory.
    pub fn new() -> Self {
        ObjectStore::default()
    }

    /// A store whose buckets are the directories of `root`: the object `s3://BUCKET/KEY` is the
    /// file `root/BUCKET/KEY`. Reads see the files as they are when read; writes create the
    /// directories they need.
    ///
    /// ```
    /// use workflow_runtime::engine::ObjectStore;
    /// let root = std::env::temp_dir().join(format!("objects-doc-{}", std::process::id()));
    /// let store = ObjectStore::directory(&root);
    /// store.put("bucket", "data/items.json", "[1, 2]").unwrap();
    /// assert!(root.join("bucket/data/items.json").is_file());
    /// assert_eq!(store.keys("bucket", "data/"), ["data/items.json"]);
    /// # std::fs::remove_dir_all(&root).unwrap();
    /// ```
    pub fn directory(root: impl Into<PathBuf>) -> Self {
        ObjectStore {
            backend: Backend::Directory(Arc::new(root.into())),
        }
    }

    fn lock(objects: &Mutex<Objects>) -> MutexGuard<'_, Objects> {
        objects.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores `body` at `bucket`/`key` (replacing what was there).
    pub fn put(
        &self,
        bucket: &str,
        key: &str,
        body: impl AsRef<[u8]>,
    ) -> Result<(), ObjectStoreError> {
        match &self.backend {
            Backend::Memory(objects) => {
                Self::lock(objects)
                    .insert((bucket.to_owned(), key.to_owned()), body.as_ref().to_vec());
                Ok(())
            }
            Backend::Directory(root) => {
                let path =
                    file_of(root, bucket, key).ok_or_else(|| ObjectStoreError::UnmappableKey {
                        bucket: bucket.to_owned(),
                        key: key.to_owned(),
                    })?;
                let write = |path: &Path| -> std::io::Result<()> {
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    std::fs::write(path, body.as_ref())
                };
                write(&path).map_err(|source| ObjectStoreError::Write {
                    bucket: bucket.to_owned(),
                    key: key.to_owned(),
                    path,
                    source,
                })
            }
        }
    }

    /// The object at `bucket`/`key`.
    pub fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        match &self.backend {
            Backend::Memory(objects) => Self::lock(objects)
                .get(&(bucket.to_owned(), key.to_owned()))
                .cloned(),
            Backend::Directory(root) => {
                let path = file_of(root, bucket, key)?;
                std::fs::read(path).ok()
            }
        }
    }

    /// The object at `bucket`/`key` parsed as JSON.
    pub fn get_json(&self, bucket: &str, key: &str) -> Option<serde_json::Value> {
        self.get(bucket, key)
            .and_then(|body| serde_json::from_slice(&body).ok())
    }

    /// The keys in `bucket` that start with `prefix`, in lexicographic order (as S3 lists them).
    pub fn keys(&self, bucket: &str, prefix: &str) -> Vec<String> {
        self.list(bucket, prefix)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    /// The objects in `bucket` under `prefix` with their sizes, in key order.
    pub(crate) fn list(&self, bucket: &str, prefix: &str) -> Vec<(String, usize)> {
        match &self.backend {
            Backend::Memory(objects) => Self::lock(objects)
                .iter()
                .filter(|((b, k), _)| b == bucket && k.starts_with(prefix))
                .map(|((_, k), body)| (k.clone(), body.len()))
                .collect(),
            Backend::Directory(root) => {
                let Some(dir) = file_of(root, bucket, "") else {
                    return Vec::new();
                };
                let mut found: Vec<(String, usize)> = files_under(&dir)
                    .into_iter()
                    .filter(|(k, _)| k.starts_with(prefix))
                    .collect();
                found.sort();
                found
            }
        }
    }

    /// The object at `bucket`/`key` as a reader that holds a piece of it at a time, not the
    /// whole object: a Distributed Map reads its items from it as they are dispatched. A file
    /// of a directory store is read as it is on disk; an object in memory is copied
    /// [`READ_PIECE_BYTES`] at a time (an object replaced while it is read is read on from the
    /// new body at the same offset, as S3 serves a range of an object's latest version).
    pub(crate) fn reader(&self, bucket: &str, key: &str) -> Option<Box<dyn std::io::Read + Send>> {
        match &self.backend {
            Backend::Memory(objects) => {
                let at = (bucket.to_owned(), key.to_owned());
                if !Self::lock(objects).contains_key(&at) {
                    return None;
                }
                Some(Box::new(MemoryReader {
                    objects: Arc::clone(objects),
                    at,
                    offset: 0,
                }))
            }
            Backend::Directory(root) => {
                let path = file_of(root, bucket, key)?;
                let file = std::fs::File::open(path).ok()?;
                file.metadata()
                    .ok()
                    .filter(std::fs::Metadata::is_file)
                    .map(|_| Box::new(file) as Box<dyn std::io::Read + Send>)
            }
        }
    }

    /// Removes the object at `bucket`/`key`, if there is one (a Map Run that is stopped takes
    /// back the result files it wrote).
    pub(crate) fn remove(&self, bucket: &str, key: &str) {
        match &self.backend {
            Backend::Memory(objects) => {
                Self::lock(objects).remove(&(bucket.to_owned(), key.to_owned()));
            }
            Backend::Directory(root) => {
                if let Some(path) = file_of(root, bucket, key) {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
}

/// How much of an object in memory a [`ObjectStore::reader`] copies at a time.
const READ_PIECE_BYTES: usize = 1 << 16;

/// An object of the in-memory store read a piece at a time.
struct MemoryReader {
    objects: Arc<Mutex<Objects>>,
    at: (String, String),
    offset: usize,
}

impl std::io::Read for MemoryReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let objects = ObjectStore::lock(&self.objects);
        let Some(body) = objects.get(&self.at) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the object was deleted while it was read",
            ));
        };
        let rest = body.get(self.offset..).unwrap_or_default();
        let n = rest.len().min(buf.len()).min(READ_PIECE_BYTES);
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.offset += n;
        Ok(n)
    }
}

/// The file of `bucket`/`key` under `root` (the bucket's directory when `key` is empty), or
/// `None` when a segment cannot be a path component that stays under `root`.
fn file_of(root: &Path, bucket: &str, key: &str) -> Option<PathBuf> {
    let mapped = |segment: &str| {
        !segment.is_empty() && segment != "." && segment != ".." && !segment.contains(['\\', '\0'])
    };
    if bucket.contains('/') || !mapped(bucket) {
        return None;
    }
    let mut path = root.join(bucket);
    if key.is_empty() {
        return Some(path);
    }
    for segment in key.split('/') {
        if !mapped(segment) {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// Every file under `dir` as (key relative to `dir` with `/` separators, size); an explicit
/// stack, not recursion, since the tree is the user's.
fn files_under(dir: &Path) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut stack: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, key)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let child = if key.is_empty() {
                name
            } else {
                format!("{key}/{name}")
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push((entry.path(), child));
            } else if kind.is_file() {
                let size = entry.metadata().map_or(0, |m| m.len());
                found.push((child, usize::try_from(size).unwrap_or(usize::MAX)));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("object-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_directory_store_maps_buckets_and_keys_to_files() {
        let root = scratch("map");
        let store = ObjectStore::directory(&root);
        store.put("b", "in/a.json", "[1]").unwrap();
        store.put("b", "in/z/b.json", "[2]").unwrap();
        store.put("b", "out.json", "{}").unwrap();
        std::fs::create_dir_all(root.join("other")).unwrap();
        std::fs::write(root.join("other/x"), "x").unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("b/in/z/b.json")).unwrap(),
            "[2]"
        );
        assert_eq!(store.keys("b", "in/"), ["in/a.json", "in/z/b.json"]);
        assert_eq!(
            store.keys("b", ""),
            ["in/a.json", "in/z/b.json", "out.json"]
        );
        assert_eq!(store.get("other", "x").as_deref(), Some(&b"x"[..]));
        assert_eq!(store.get("b", "missing"), None);
        assert_eq!(store.keys("nobucket", ""), Vec::<String>::new());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn keys_that_would_leave_the_directory_are_refused() {
        let root = scratch("escape");
        let store = ObjectStore::directory(root.join("s3"));
        for (bucket, key) in [
            ("b", "../x"),
            ("b", "a/../../x"),
            ("..", "x"),
            ("b", "a//b"),
            ("b", "dir/"),
            ("a/b", "x"),
            ("b", "a\\b"),
        ] {
            let error = store.put(bucket, key, "x").unwrap_err();
            assert!(
                matches!(error, ObjectStoreError::UnmappableKey { .. }),
                "{bucket} {key}: {error}"
            );
            assert_eq!(store.get(bucket, key), None);
        }
        assert!(!root.join("x").exists());
        let _ = std::fs::remove_dir_all(&root);
    }
}
