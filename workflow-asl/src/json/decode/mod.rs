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

use crate::model::StateMachine;
use crate::{Code, Diagnostic};
use serde_json::Value;

/// Decodes a parsed JSON document into a [`StateMachine`]; on failure, returns every
/// schema diagnostic found (code `SCHEMA_VALIDATION_FAILED`).
///
/// A document nesting arrays and objects deeper than [`MAX_DEPTH`](super::MAX_DEPTH) is
/// refused first, as the text it stands for would be (`INVALID_JSON_DESCRIPTION`, at the
/// first container too deep): the parser never returns one, but a value built in memory may
/// be one, and the decoder's descent into branches and rules is bounded by that depth.
pub fn decode(value: &Value) -> Result<StateMachine, Vec<Diagnostic>> {
    if let Some(path) = workflow_text::json::too_deep(value) {
        return Err(vec![Diagnostic::error(
            Code::InvalidJsonDescription,
            super::parse::pointer(&path),
            workflow_text::json::too_deep_message(),
        )]);
    }
    let mut cx = fields::Cx::default();
    let machine = machine::decode_machine(&mut cx, value);
    match machine {
        Some(machine) if cx.diagnostics.is_empty() => Ok(machine),
        _ => Err(cx.diagnostics),
    }
}
