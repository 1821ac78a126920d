//! Finding and reading a definition file: relative to the crate being compiled, at most the
//! service's own limit, a byte order mark dropped.

use std::path::{Path, PathBuf};

/// The definition file's limit: the service's own (1 MiB of definition text).
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The file, relative to the crate being compiled (`CARGO_MANIFEST_DIR`).
pub(super) fn resolve(written: &str) -> PathBuf {
    let path = PathBuf::from(written);
    if path.is_absolute() {
        return path;
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir).join(path),
        None => path,
    }
}

/// The file as `file!()` names the invocation's: relative to the directory the compiler runs
/// in (Cargo's, the workspace's root for its members: `workflow-runtime/../examples/x.asl.json`),
/// so that coverage reports name a `workflow!`'s file and the ASL file one reads alike; the
/// resolved path when it is not under that directory.
pub(super) fn named_as_file_macro(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|dir| path.strip_prefix(dir).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// The file's text, bounded.
pub(super) fn read(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the definition file `{shown}`: {e}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "the definition file `{shown}` is {size} bytes; a state machine definition is at most {MAX_FILE_BYTES} bytes"
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the definition file `{shown}`: {e}"))?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}
