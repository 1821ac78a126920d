//! A local object store standing in for Amazon S3: the test fills it, a Distributed Map's
//! `ItemReader` reads from it (`s3:getObject`, `s3:listObjectsV2`) and its `ResultWriter`
//! writes to it (`manifest.json`, `SUCCEEDED_n.json`, `FAILED_n.json`).
//!
//! Three backends: in memory ([`ObjectStore::new`]), a directory standing for the buckets
//! ([`ObjectStore::directory`], what `workflow run FILE --s3 DIR` uses): the object
//! `s3://BUCKET/KEY` is the file `DIR/BUCKET/KEY`, each `/` of the key a directory level; or
//! S3 itself at an endpoint (`Engine::aws_endpoints`, feature `aws-endpoint`), through
//! [`RemoteObjects`], which a host implements.
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
    #[cfg_attr(not(feature = "aws-endpoint"), allow(dead_code))]
    Remote(Arc<dyn RemoteObjects>),
}

/// An object of a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    pub key: String,
    pub size: usize,
    /// Its ETag as the service gives it (quoted), when it gives one.
    pub etag: Option<String>,
    /// When it was last written, in milliseconds since the epoch, when the service says.
    pub last_modified_millis: Option<i64>,
}

/// Objects a service outside the process keeps (S3 at an endpoint): each call blocks until
/// the service has answered; an error is the service's answer or why it could not be asked.
pub(crate) trait RemoteObjects: Send + Sync + std::fmt::Debug {
    /// The bytes `from..from + len` of the object (fewer at its end) and its whole size;
    /// `None` when there is no such object.
    fn read_range(
        &self,
        bucket: &str,
        key: &str,
        from: u64,
        len: u64,
    ) -> Result<Option<(Vec<u8>, u64)>, String>;
    /// Stores `body` at `bucket`/`key`.
    fn write(&self, bucket: &str, key: &str, body: &[u8]) -> Result<(), String>;
    /// The objects in `bucket` under `prefix`, in key order.
    fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<Listed>, String>;
    /// Removes the object at `bucket`/`key`.
    fn remove(&self, bucket: &str, key: &str) -> Result<(), String>;
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
    /// The object's path in a directory store passes through a symbolic link, or ends at
    /// something that is not a regular file: the store reads and writes only regular files
    /// under its root, through real directories.
    #[error("the object s3://{bucket}/{key} is refused: {} {refusal}", path.display())]
    Refused {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// The path found wanting: the link, or the file that is not one.
        path: PathBuf,
        /// Why.
        refusal: PathRefusal,
    },
    /// Reading the file failed (other than because there is none).
    #[error("cannot read s3://{bucket}/{key} from {}: {source}", path.display())]
    Read {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// S3 at the endpoint answered with an error, or could not be reached.
    #[error("s3://{bucket}/{key}: {cause}")]
    Remote {
        /// The bucket.
        bucket: String,
        /// The key (empty for a listing of the bucket).
        key: String,
        /// The service's error and cause, or why it could not be asked.
        cause: String,
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

/// Why a directory store refuses an object's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathRefusal {
    /// A bucket, a directory of the key or the object is a symbolic link. S3 has no links, and
    /// one could lead out of the store's directory: none is followed, wherever it points.
    #[error(
        "is a symbolic link, which a directory store never follows (S3 has no links, and one could lead out of the store's directory)"
    )]
    SymbolicLink,
    /// The object is not a regular file (a FIFO, a socket, a device, a directory to write).
    #[error("is not a regular file")]
    NotAFile,
    /// A directory the key needs is a file (S3 may have both `a` and `a/b`; a directory cannot).
    #[error("is a file where the key needs a directory")]
    NotADirectory,
    /// The directory the object is in resolves outside the store's root (it was replaced while
    /// being opened).
    #[error("resolves outside the store's directory")]
    OutsideRoot,
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
    /// Nothing is read or written outside `root` (`root` itself may be reached through links):
    /// a key's `..` and empty segments are refused, and so is every symbolic link below `root`,
    /// wherever it points, for reads, writes and listings alike ([`PathRefusal::SymbolicLink`]).
    /// S3 has no links, so a link is never what a bucket holds, and refusing all of them keeps
    /// one object from having two keys. Each directory is checked as it is walked (or created),
    /// the real path of the object's directory is checked to be under `root`'s just before the
    /// file is opened, and on Unix the file is opened with `O_NOFOLLOW`, so that a link planted
    /// meanwhile is not followed either. Only regular files are objects: a FIFO or a device is
    /// refused, never opened for a read that would block.
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

    /// A store whose objects a service keeps (S3 at an endpoint).
    #[cfg_attr(not(feature = "aws-endpoint"), allow(dead_code))]
    pub(crate) fn remote(objects: Arc<dyn RemoteObjects>) -> Self {
        ObjectStore {
            backend: Backend::Remote(objects),
        }
    }

    fn remote_error(bucket: &str, key: &str, cause: String) -> ObjectStoreError {
        ObjectStoreError::Remote {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            cause,
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
                let located = Located { bucket, key };
                let segments = located.segments()?;
                write_file(root, &segments, body.as_ref()).map_err(|p| located.error(p, true))
            }
            Backend::Remote(remote) => remote
                .write(bucket, key, body.as_ref())
                .map_err(|cause| Self::remote_error(bucket, key, cause)),
        }
    }

    /// The object at `bucket`/`key` (`None` when there is none, or it cannot be read: see
    /// [`ObjectStore::read`] for why).
    pub fn get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.read(bucket, key).ok().flatten()
    }

    /// The object at `bucket`/`key`, `None` when there is none; an error when a directory store
    /// cannot map the key, refuses its path ([`ObjectStoreError::Refused`]) or cannot read it.
    pub fn read(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, ObjectStoreError> {
        match &self.backend {
            Backend::Memory(objects) => Ok(Self::lock(objects)
                .get(&(bucket.to_owned(), key.to_owned()))
                .cloned()),
            Backend::Directory(root) => {
                let located = Located { bucket, key };
                let segments = located.segments()?;
                read_file(root, &segments).map_err(|p| located.error(p, false))
            }
            Backend::Remote(_) => {
                let Some(mut reader) = self.reader(bucket, key)? else {
                    return Ok(None);
                };
                let mut body = Vec::new();
                std::io::Read::read_to_end(&mut reader, &mut body)
                    .map_err(|e| Self::remote_error(bucket, key, e.to_string()))?;
                Ok(Some(body))
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
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.key)
            .collect()
    }

    /// The objects in `bucket` under `prefix`, in key order; an error when S3 at an endpoint
    /// cannot list them (a local store has no errors: a bucket that is not there is empty).
    pub(crate) fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<Listed>, ObjectStoreError> {
        if let Backend::Remote(remote) = &self.backend {
            return remote
                .list(bucket, prefix)
                .map_err(|cause| Self::remote_error(bucket, prefix, cause));
        }
        let local = |found: Vec<(String, usize)>| {
            found
                .into_iter()
                .map(|(key, size)| Listed {
                    key,
                    size,
                    etag: None,
                    last_modified_millis: None,
                })
                .collect()
        };
        Ok(local(self.list_local(bucket, prefix)))
    }

    /// The objects of a local store in `bucket` under `prefix` with their sizes, in key order.
    fn list_local(&self, bucket: &str, prefix: &str) -> Vec<(String, usize)> {
        match &self.backend {
            Backend::Remote(_) => Vec::new(),
            Backend::Memory(objects) => Self::lock(objects)
                .iter()
                .filter(|((b, k), _)| b == bucket && k.starts_with(prefix))
                .map(|((_, k), body)| (k.clone(), body.len()))
                .collect(),
            Backend::Directory(root) => {
                let Ok(Some(dir)) = Located { bucket, key: "" }
                    .segments()
                    .map_err(|_| Problem::Missing)
                    .and_then(|segments| directory(root, &segments, Walk::Read))
                else {
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
    pub(crate) fn reader(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<Option<Box<dyn std::io::Read + Send>>, ObjectStoreError> {
        match &self.backend {
            Backend::Memory(objects) => {
                let at = (bucket.to_owned(), key.to_owned());
                if !Self::lock(objects).contains_key(&at) {
                    return Ok(None);
                }
                Ok(Some(Box::new(MemoryReader {
                    objects: Arc::clone(objects),
                    at,
                    offset: 0,
                })))
            }
            Backend::Directory(root) => {
                let located = Located { bucket, key };
                let segments = located.segments()?;
                let file = open_object(root, &segments).map_err(|p| located.error(p, false))?;
                Ok(file.map(|f| Box::new(f) as Box<dyn std::io::Read + Send>))
            }
            Backend::Remote(remote) => {
                // The first piece says whether the object is there, and its size.
                let first = remote
                    .read_range(bucket, key, 0, REMOTE_PIECE_BYTES)
                    .map_err(|cause| Self::remote_error(bucket, key, cause))?;
                Ok(first.map(|(piece, size)| {
                    Box::new(RemoteReader {
                        remote: Arc::clone(remote),
                        bucket: bucket.to_owned(),
                        key: key.to_owned(),
                        next: piece.len() as u64,
                        size,
                        piece,
                        at: 0,
                    }) as Box<dyn std::io::Read + Send>
                }))
            }
        }
    }

    /// Removes the object at `bucket`/`key`, if there is one (a Map Run that is stopped takes
    /// back the result files it wrote); never through a symbolic link.
    pub(crate) fn remove(&self, bucket: &str, key: &str) {
        match &self.backend {
            Backend::Memory(objects) => {
                Self::lock(objects).remove(&(bucket.to_owned(), key.to_owned()));
            }
            Backend::Directory(root) => {
                let located = Located { bucket, key };
                let Ok(segments) = located.segments() else {
                    return;
                };
                let Some((name, dirs)) = segments.split_last() else {
                    return;
                };
                if let Ok(Some(dir)) = directory(root, dirs, Walk::Read) {
                    let path = dir.join(name);
                    if let Ok(Some(())) = object_at(&path) {
                        let _ = std::fs::remove_file(path);
                    }
                }
            }
            Backend::Remote(remote) => {
                let _ = remote.remove(bucket, key);
            }
        }
    }
}

/// How much of an object in S3 a reader asks for at a time.
const REMOTE_PIECE_BYTES: u64 = 8 << 20;

/// An object in S3 read a piece at a time (ranged `GetObject`s), so that a Distributed Map
/// reading a large object holds one piece of it.
#[derive(Debug)]
struct RemoteReader {
    remote: Arc<dyn RemoteObjects>,
    bucket: String,
    key: String,
    /// Where the next piece starts.
    next: u64,
    /// The object's size.
    size: u64,
    piece: Vec<u8>,
    /// How much of `piece` was read.
    at: usize,
}

impl std::io::Read for RemoteReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.piece.len() {
            if self.next >= self.size {
                return Ok(0);
            }
            let piece = self
                .remote
                .read_range(&self.bucket, &self.key, self.next, REMOTE_PIECE_BYTES)
                .map_err(std::io::Error::other)?
                .ok_or_else(|| {
                    std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "the object was deleted while it was read",
                    )
                })?;
            if piece.0.is_empty() {
                return Ok(0);
            }
            self.next += piece.0.len() as u64;
            self.piece = piece.0;
            self.at = 0;
        }
        let rest = &self.piece[self.at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
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

/// An object named in an error.
struct Located<'a> {
    bucket: &'a str,
    key: &'a str,
}

impl Located<'_> {
    /// The path segments of the object under the store's root (the bucket, then each of the
    /// key's `/`-separated segments; the bucket alone when the key is empty), or
    /// [`ObjectStoreError::UnmappableKey`] when a segment cannot be a path component that stays
    /// under the root.
    fn segments(&self) -> Result<Vec<&str>, ObjectStoreError> {
        let mapped = |segment: &str| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && !segment.contains(['/', '\\', '\0'])
        };
        let mut segments = vec![self.bucket];
        if !self.key.is_empty() {
            segments.extend(self.key.split('/'));
        }
        if segments.iter().all(|s| mapped(s)) {
            Ok(segments)
        } else {
            Err(ObjectStoreError::UnmappableKey {
                bucket: self.bucket.to_owned(),
                key: self.key.to_owned(),
            })
        }
    }

    fn refused(&self, path: PathBuf, refusal: PathRefusal) -> ObjectStoreError {
        ObjectStoreError::Refused {
            bucket: self.bucket.to_owned(),
            key: self.key.to_owned(),
            path,
            refusal,
        }
    }

    /// `problem` told as the error of a read, or of a write when `writing`.
    fn error(&self, problem: Problem, writing: bool) -> ObjectStoreError {
        let (path, source) = match problem {
            Problem::Refused(path, refusal) => return self.refused(path, refusal),
            Problem::Io(path, source) => (path, source),
            // A read answers a missing object with `Ok(None)`; a write creates what it needs.
            Problem::Missing => (PathBuf::new(), std::io::ErrorKind::NotFound.into()),
        };
        let (bucket, key) = (self.bucket.to_owned(), self.key.to_owned());
        if writing {
            ObjectStoreError::Write {
                bucket,
                key,
                path,
                source,
            }
        } else {
            ObjectStoreError::Read {
                bucket,
                key,
                path,
                source,
            }
        }
    }
}

/// What went wrong resolving a path, before it is told with its object.
enum Problem {
    /// Nothing is there.
    Missing,
    /// Something is there that the store refuses.
    Refused(PathBuf, PathRefusal),
    /// The file system failed.
    Io(PathBuf, std::io::Error),
}

/// Whether a walk may create the directories it lacks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    Read,
    Create,
}

/// The real directory `segments` lead to under `root` (`None` when one is missing and
/// `walk` is a read), each a directory and not a symbolic link (created when `walk` creates);
/// its canonical path is checked to be under `root`'s.
fn directory(root: &Path, segments: &[&str], walk: Walk) -> Result<Option<PathBuf>, Problem> {
    if walk == Walk::Create {
        std::fs::create_dir_all(root).map_err(|e| Problem::Io(root.to_path_buf(), e))?;
    }
    let root = match root.canonicalize() {
        Ok(root) => root,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Problem::Io(root.to_path_buf(), e)),
    };
    let mut dir = root.clone();
    for segment in segments {
        dir.push(segment);
        match std::fs::symlink_metadata(&dir) {
            // A file where a read needs a directory: the key names no object.
            Ok(found) if walk == Walk::Read && !found.is_dir() && !found.is_symlink() => {
                return Ok(None);
            }
            Ok(found) => kind_of_directory(&dir, &found)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if walk == Walk::Read {
                    return Ok(None);
                }
                match std::fs::create_dir(&dir) {
                    Ok(()) => {}
                    // Made meanwhile by another writer: checked below as any other.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(Problem::Io(dir, e)),
                }
                let made =
                    std::fs::symlink_metadata(&dir).map_err(|e| Problem::Io(dir.clone(), e))?;
                kind_of_directory(&dir, &made)?;
            }
            Err(e) => return Err(Problem::Io(dir, e)),
        }
    }
    // A directory swapped for a link after its check above shows here.
    let real = dir
        .canonicalize()
        .map_err(|e| Problem::Io(dir.clone(), e))?;
    if !real.starts_with(&root) {
        return Err(Problem::Refused(dir, PathRefusal::OutsideRoot));
    }
    Ok(Some(real))
}

/// Refuses a path found on the way to an object that is not a real directory.
fn kind_of_directory(path: &Path, found: &std::fs::Metadata) -> Result<(), Problem> {
    if found.file_type().is_symlink() {
        Err(Problem::Refused(
            path.to_path_buf(),
            PathRefusal::SymbolicLink,
        ))
    } else if found.is_dir() {
        Ok(())
    } else {
        Err(Problem::Refused(
            path.to_path_buf(),
            PathRefusal::NotADirectory,
        ))
    }
}

/// Opens `path` without following a symbolic link at its end (on Unix, where `O_NOFOLLOW`
/// says so; elsewhere the check before the open stands alone) and without blocking on a FIFO,
/// then checks that it is a regular file.
fn open_file(path: &Path, options: &mut std::fs::OpenOptions) -> Result<std::fs::File, Problem> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return Problem::Refused(path.to_path_buf(), PathRefusal::SymbolicLink);
        }
        Problem::Io(path.to_path_buf(), e)
    })?;
    let opened = file
        .metadata()
        .map_err(|e| Problem::Io(path.to_path_buf(), e))?;
    if opened.is_file() {
        Ok(file)
    } else {
        Err(Problem::Refused(path.to_path_buf(), PathRefusal::NotAFile))
    }
}

/// What is at `path` before it is opened: `None` when nothing; a link or a special file
/// refused; a directory is no object (`Missing`).
fn object_at(path: &Path) -> Result<Option<()>, Problem> {
    match std::fs::symlink_metadata(path) {
        Ok(found) if found.file_type().is_symlink() => Err(Problem::Refused(
            path.to_path_buf(),
            PathRefusal::SymbolicLink,
        )),
        Ok(found) if found.is_file() => Ok(Some(())),
        Ok(found) if found.is_dir() => Err(Problem::Missing),
        Ok(_) => Err(Problem::Refused(path.to_path_buf(), PathRefusal::NotAFile)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Problem::Io(path.to_path_buf(), e)),
    }
}

/// The body of the object at `segments` (the bucket, then the key's), `None` when there is
/// none.
fn read_file(root: &Path, segments: &[&str]) -> Result<Option<Vec<u8>>, Problem> {
    let Some(mut file) = open_object(root, segments)? else {
        return Ok(None);
    };
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut body)
        .map_err(|e| Problem::Io(root.join(segments.join("/")), e))?;
    Ok(Some(body))
}

/// The object at `segments` (the bucket, then the key's), opened to read; `None` when there
/// is none.
fn open_object(root: &Path, segments: &[&str]) -> Result<Option<std::fs::File>, Problem> {
    let Some((name, dirs)) = segments.split_last() else {
        return Ok(None);
    };
    let Some(dir) = directory(root, dirs, Walk::Read)? else {
        return Ok(None);
    };
    let path = dir.join(name);
    match object_at(&path) {
        Ok(Some(())) => {}
        Ok(None) | Err(Problem::Missing) => return Ok(None),
        Err(problem) => return Err(problem),
    }
    open_file(&path, std::fs::OpenOptions::new().read(true)).map(Some)
}

/// Writes `body` as the object at `segments`, replacing what was there, creating the
/// directories it needs.
fn write_file(root: &Path, segments: &[&str], body: &[u8]) -> Result<(), Problem> {
    let Some((name, dirs)) = segments.split_last() else {
        return Err(Problem::Missing);
    };
    let dir = directory(root, dirs, Walk::Create)?.ok_or(Problem::Missing)?;
    let path = dir.join(name);
    match object_at(&path) {
        Ok(_) => {}
        Err(Problem::Missing) => return Err(Problem::Refused(path, PathRefusal::NotAFile)),
        Err(problem) => return Err(problem),
    }
    let mut file = open_file(&path, std::fs::OpenOptions::new().write(true).create(true))?;
    // Truncated only once known to be a regular file.
    file.set_len(0)
        .and_then(|()| std::io::Write::write_all(&mut file, body))
        .map_err(|e| Problem::Io(path, e))
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

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed_neither_for_reads_nor_for_writes_nor_for_listings() {
        use std::os::unix::fs::symlink;
        let root = scratch("links");
        let s3 = root.join("s3");
        let outside = root.join("outside");
        std::fs::create_dir_all(s3.join("b")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret"), "secret").unwrap();
        std::fs::write(s3.join("b/real"), "real").unwrap();
        symlink(outside.join("secret"), s3.join("b/file")).unwrap();
        symlink(&outside, s3.join("b/dir")).unwrap();
        symlink(s3.join("b/real"), s3.join("b/inside")).unwrap();
        symlink(&outside, s3.join("linked")).unwrap();
        let store = ObjectStore::directory(&s3);
        for (bucket, key, link) in [
            ("b", "file", "b/file"),
            ("b", "dir/secret", "b/dir"),
            ("b", "inside", "b/inside"),
            ("linked", "secret", "linked"),
        ] {
            let read = store.read(bucket, key).unwrap_err();
            let written = store.put(bucket, key, "overwritten").unwrap_err();
            for error in [&read, &written] {
                let ObjectStoreError::Refused { path, refusal, .. } = error else {
                    panic!("{bucket}/{key}: {error}");
                };
                assert_eq!(*refusal, PathRefusal::SymbolicLink, "{error}");
                assert!(path.ends_with(link), "{error}");
                let message = error.to_string();
                assert!(
                    message.contains(&format!("s3://{bucket}/{key}"))
                        && message.contains("symbolic link"),
                    "{message}"
                );
            }
            assert_eq!(store.get(bucket, key), None);
        }
        // A new key under a linked directory creates nothing outside.
        assert!(store.put("b", "dir/new/x", "x").is_err());
        assert!(store.put("linked", "new", "x").is_err());
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
        assert_eq!(
            std::fs::read_to_string(outside.join("secret")).unwrap(),
            "secret"
        );
        assert_eq!(std::fs::read_to_string(s3.join("b/real")).unwrap(), "real");
        // Listings show no link, and a linked bucket holds nothing.
        assert_eq!(store.keys("b", ""), ["real"]);
        assert_eq!(store.keys("linked", ""), Vec::<String>::new());
        // The root itself may be reached through a link.
        symlink(&s3, root.join("s3-link")).unwrap();
        let through = ObjectStore::directory(root.join("s3-link"));
        assert_eq!(through.get("b", "real").as_deref(), Some(&b"real"[..]));
        through.put("b", "new/y", "y").unwrap();
        assert_eq!(std::fs::read_to_string(s3.join("b/new/y")).unwrap(), "y");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_objects() {
        let root = scratch("special");
        let store = ObjectStore::directory(&root);
        std::fs::create_dir_all(root.join("b/sub")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("b/fifo"))
            .status()
            .expect("mkfifo is needed to make a FIFO");
        assert!(made.success());
        // A FIFO would block a read until a writer came: it is refused, not opened.
        let error = store.read("b", "fifo").unwrap_err();
        assert!(
            matches!(
                error,
                ObjectStoreError::Refused {
                    refusal: PathRefusal::NotAFile,
                    ..
                }
            ),
            "{error}"
        );
        assert!(store.put("b", "fifo", "x").is_err());
        // A directory is no object to read, and none to write over.
        assert_eq!(store.read("b", "sub").unwrap(), None);
        assert!(store.put("b", "sub", "x").is_err());
        // A file where a key needs a directory.
        std::fs::write(root.join("b/plain"), "p").unwrap();
        let error = store.put("b", "plain/x", "x").unwrap_err();
        assert!(
            matches!(
                error,
                ObjectStoreError::Refused {
                    refusal: PathRefusal::NotADirectory,
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(store.read("b", "plain/x").unwrap(), None);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
