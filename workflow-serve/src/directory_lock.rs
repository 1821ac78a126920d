//! A data directory belongs to one server: `workflow serve --data DIR` holds an exclusive lock
//! on `DIR/workflow-serve.lock` while it runs, and a second server on `DIR` is refused at start,
//! naming the first one's process. The lock is the operating system's (`flock` on Unix,
//! `LockFileEx` on Windows, through `std::fs::File::try_lock`), so that it goes with the process
//! that held it however that process ends: a crashed or killed server leaves no stale lock
//! behind, unlike a PID file, whose process may be gone or another's. The PID written in the
//! file is only what the refusal says.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock's file in the data directory.
pub(crate) const FILE_NAME: &str = "workflow-serve.lock";

/// How long a lock held by this same process is waited for before the directory is refused
/// (see [`DirectoryLock::acquire`]).
const SAME_PROCESS_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// The lock on a data directory, held until dropped (or until the process ends).
#[derive(Debug)]
pub(crate) struct DirectoryLock {
    _file: File,
}

/// Why a data directory could not be locked.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LockError {
    /// Another server holds it.
    #[error("the data directory {} is in use by another workflow serve{}: a data directory belongs to one server; stop that one first, or give this one another `--data`", .dir.display(), .pid.map_or_else(String::new, |pid| format!(" (PID {pid})")))]
    InUse {
        /// The data directory.
        dir: PathBuf,
        /// The process holding it, as its lock file names it.
        pid: Option<u32>,
    },
    /// The lock file could not be opened or locked.
    #[error("the data directory's lock file {}: {source}", .path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

impl DirectoryLock {
    /// Locks the data directory `dir` (which must exist) for this process, writing its PID in
    /// the lock file; [`LockError::InUse`] when another server holds it.
    pub(crate) fn acquire(dir: &Path) -> Result<DirectoryLock, LockError> {
        let path = dir.join(FILE_NAME);
        let io = |source: std::io::Error| LockError::Io {
            path: path.clone(),
            source,
        };
        // Not truncated on open: the holder's PID stays readable for the refusal.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        // A lock this very process held a moment ago may outlive its release by a few
        // milliseconds: a child process forked meanwhile (by any thread) holds a copy of the
        // descriptor until it executes its program, and `flock` goes with the last copy. So a
        // holder that is this process (a server shut down in-process, handing the directory
        // to the next) is given up to `SAME_PROCESS_GRACE`; another process is refused at once.
        let started = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.rewind();
                    let _ = file.read_to_string(&mut text);
                    let pid: Option<u32> = text.trim().parse().ok();
                    if pid == Some(std::process::id()) && started.elapsed() < SAME_PROCESS_GRACE {
                        std::thread::sleep(std::time::Duration::from_millis(10));
                        continue;
                    }
                    return Err(LockError::InUse {
                        dir: dir.to_owned(),
                        pid,
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(DirectoryLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_one_directory_is_refused_naming_the_holder_until_the_first_goes() {
        let dir = tempfile::tempdir().expect("a directory");
        let first = DirectoryLock::acquire(dir.path()).expect("the first lock");
        match DirectoryLock::acquire(dir.path()) {
            Err(LockError::InUse { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("the second lock: {other:?}"),
        }
        let refused = DirectoryLock::acquire(dir.path())
            .expect_err("still held")
            .to_string();
        assert!(
            refused.contains(&format!("(PID {})", std::process::id())),
            "{refused}"
        );
        drop(first);
        DirectoryLock::acquire(dir.path()).expect("free once the first is dropped");
    }
}
