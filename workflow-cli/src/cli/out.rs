//! Standard output that never panics: a closed pipe (`workflow validate … | head -c 1`) ends
//! the program quietly, as Unix tools do (status 141, as if by SIGPIPE); any other write error
//! (a full disk) is reported, with exit status 2.

use std::fmt::Display;
use std::io::{ErrorKind, Write};

/// The exit status of a program whose output pipe closed.
const EXIT_PIPE_CLOSED: i32 = 141;

/// Writes `text` and a newline to standard output.
pub fn line(text: impl Display) {
    write(format_args!("{text}\n"));
}

/// Writes `text` to standard output.
pub fn text(text: impl Display) {
    write(format_args!("{text}"));
}

fn write(args: std::fmt::Arguments<'_>) {
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
pub fn file(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
