//! `workflow types`: the type of the JSON entering every state, as the validator's data-flow
//! inference finds it (from literals, templates and result paths; the execution input is
//! unknown in an ASL file).

use crate::cli::EXIT_OK;
use crate::cli::input::{decode, read_definition};
use std::path::Path;
use workflow_asl::validate::dataflow::{DataType, state_inputs};

/// Runs `workflow types`.
pub fn run(file: &Path) -> u8 {
    let text = match read_definition(file, "types") {
        Ok(text) => text,
        Err(code) => return code,
    };
    let machine = match decode(file, &text) {
        Ok(machine) => machine,
        Err(code) => return code,
    };
    let mut out = String::new();
    for state in state_inputs(&machine, &DataType::Any) {
        let input = match &state.input {
            Some(t) => t.to_string(),
            None => "(not reached)".to_owned(),
        };
        out.push_str(&format!("{}: {input}\n", state.pointer.as_str()));
    }
    crate::cli::out::text(out);
    EXIT_OK
}
