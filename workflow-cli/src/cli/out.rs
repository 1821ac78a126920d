//! Standard output that never panics: a closed pipe (`workflow validate … | head -c 1`) ends
//! the program quietly, as Unix tools do (status 141, as if by SIGPIPE); any other write error
//! (a full disk) is reported, with exit status 2. A command given `-o FILE` (`--output`) prints
//! into that file instead ([`into_file`]).

use std::fmt::Display;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file a command prints into instead of standard output, once `-o` named one.
static FILE: Mutex<Option<(PathBuf, std::fs::File)>> = Mutex::new(None);

/// Sends what the command prints to `path` (created or replaced) instead of standard output:
/// `-o FILE`, `--output FILE`. The message when it cannot be created.
pub(crate) fn into_file(path: &Path) -> Result<(), String> {
    let file = std::fs::File::create(path)
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    *FILE.lock().unwrap_or_else(|p| p.into_inner()) = Some((path.to_owned(), file));
    Ok(())
}

/// The exit status of a program whose output pipe closed.
const EXIT_PIPE_CLOSED: i32 = 141;

/// Writes `text` and a newline to standard output.
pub(crate) fn line(text: impl Display) {
    write(format_args!("{text}\n"));
}

/// Writes `text` to standard output.
pub(crate) fn text(text: impl Display) {
    write(format_args!("{text}"));
}

fn write(args: std::fmt::Arguments<'_>) {
    if let Some((path, file)) = FILE.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
        if let Err(e) = file.write_fmt(args).and_then(|()| file.flush()) {
            eprintln!("workflow: cannot write `{}`: {e}", path.display());
            std::process::exit(i32::from(crate::cli::EXIT_USAGE));
        }
        return;
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(EXIT_PIPE_CLOSED),
        Err(e) => {
            eprintln!("workflow: cannot write the output: {e}");
            std::process::exit(i32::from(crate::cli::EXIT_USAGE));
        }
    }
}

/// Writes `text` to the file at `path` (created or replaced).
pub(crate) fn file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
