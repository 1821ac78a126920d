//! `workflow fmt`: decode through the typed model, print it back.

use crate::cli::input::{decode, read_definition};
use crate::cli::{EXIT_OK, Failure};
use std::path::Path;

/// Runs `workflow fmt`.
pub(super) fn run(file: &Path, compact: bool) -> Result<u8, Failure> {
    let definition = read_definition(file, "fmt")?;
    let machine = decode(&definition)?;
    let out = if compact {
        machine.to_json()
    } else {
        machine.to_json_pretty()
    };
    crate::cli::out::line(out);
    Ok(EXIT_OK)
}
