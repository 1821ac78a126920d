//! `workflow import`: an ASL definition written as a `workflow!` invocation that expands to
//! a definition JSON-equal to it — state names kept, payloads as objects, paths and
//! intrinsics in the language's syntax, Choice rules as conditions, `${Name}` placeholders
//! declared as substitutions, comments as doc comments, laid out as a person would write it.
//!
//! The printer reads the typed model (`workflow_asl::StateMachine`), so everything the model
//! holds is written; where the language's own form of a value would lower to a different
//! text (an intrinsic spaced or quoted otherwise, a path in a notation the token syntax does
//! not reproduce), the value's verbatim form (`intrinsic("…")`, `jsonpath("…")`) keeps it
//! exact.

mod conditions;
mod dynamic;
mod layout;
mod names;
mod states;
mod values;

pub use names::{is_workflow_name, workflow_name};

use workflow_asl::{Diagnostic, StateMachine, has_errors};

/// Why a definition could not be imported.
#[derive(Debug)]
pub enum ImportError {
    /// The text is not valid ASL: every diagnostic (JSON errors, schema, rules).
    Invalid(Vec<Diagnostic>),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Invalid(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// Writes `definition` (ASL JSON text) as a `workflow! { … }` invocation defining `name`.
///
/// # Errors
///
/// [`ImportError::Invalid`] when the text is not a valid definition (its errors, located).
pub fn import(definition: &str, name: &str) -> Result<String, ImportError> {
    let machine =
        StateMachine::from_json(definition).map_err(|e| ImportError::Invalid(e.diagnostics))?;
    let diagnostics = machine.validate();
    if has_errors(&diagnostics) {
        return Err(ImportError::Invalid(
            diagnostics
                .into_iter()
                .filter(|d| d.severity == workflow_asl::Severity::Error)
                .collect(),
        ));
    }
    Ok(states::workflow(&machine, name))
}

#[cfg(test)]
mod tests;
