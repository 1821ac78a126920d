//! `workflow fmt`: decode through the typed model, print it back.

use crate::input::{read, render};
use crate::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use std::path::Path;
use workflow_asl::StateMachine;

/// Runs `workflow fmt`.
pub fn run(file: &Path, compact: bool) -> u8 {
    let text = match read(file) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("workflow fmt: {message}");
            return EXIT_USAGE;
        }
    };
    match StateMachine::from_json(&text) {
        Ok(machine) => {
            let out = if compact {
                machine.to_json()
            } else {
                machine.to_json_pretty()
            };
            println!("{out}");
            EXIT_OK
        }
        Err(e) => {
            for d in &e.diagnostics {
                eprintln!("{}", render(file, &text, d));
            }
            EXIT_INVALID
        }
    }
}
