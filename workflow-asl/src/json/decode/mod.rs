//! JSON value → typed model, with every problem reported at its JSON pointer.
//!
//! Decoding keeps going after an error so that one run reports every schema problem of a
//! document; a state that fails to decode is left out of the model.

mod choice;
mod error_handling;
mod field_table;
mod fields;
mod machine;
mod map;
mod states;

use crate::Diagnostic;
use crate::model::StateMachine;
use serde_json::Value;

/// Decodes a parsed JSON document into a [`StateMachine`]; on failure, returns every
/// schema diagnostic found (code `SCHEMA_VALIDATION_FAILED`).
pub fn decode(value: &Value) -> Result<StateMachine, Vec<Diagnostic>> {
    let mut cx = fields::Cx::default();
    let machine = machine::decode_machine(&mut cx, value);
    match machine {
        Some(machine) if cx.diagnostics.is_empty() => Ok(machine),
        _ => Err(cx.diagnostics),
    }
}
