//! `workflow fmt`: decode through the typed model, print it back.

use crate::input::{DEFINITION_LIMIT, decode, read};
use crate::{EXIT_OK, EXIT_USAGE};
use std::path::Path;

/// Runs `workflow fmt`.
pub fn run(file: &Path, compact: bool) -> u8 {
    let text = match read(file, DEFINITION_LIMIT, "a definition") {
        Ok(text) => text,
        Err(message) => {
            eprintln!("workflow fmt: {message}");
            return EXIT_USAGE;
        }
    };
    match decode(file, &text) {
        Ok(machine) => {
            let out = if compact {
                machine.to_json()
            } else {
                machine.to_json_pretty()
            };
            crate::out::line(out);
            EXIT_OK
        }
        Err(code) => code,
    }
}
