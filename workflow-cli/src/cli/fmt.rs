//! `workflow fmt`: decode through the typed model, print it back.

use crate::cli::EXIT_OK;
use crate::cli::input::{decode, read_definition};
use std::path::Path;

/// Runs `workflow fmt`.
pub(super) fn run(file: &Path, compact: bool) -> u8 {
    let text = match read_definition(file, "fmt") {
        Ok(text) => text,
        Err(code) => return code,
    };
    match decode(file, &text) {
        Ok(machine) => {
            let out = if compact {
                machine.to_json()
            } else {
                machine.to_json_pretty()
            };
            crate::cli::out::line(out);
            EXIT_OK
        }
        Err(code) => code,
    }
}
