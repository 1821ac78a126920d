//! Names outside the definition: state machine and execution names. Placeholder.

use crate::Diagnostic;

/// Checks a state machine name (1–80 characters, no forbidden characters).
pub fn validate_state_machine_name(_name: &str) -> Result<(), Diagnostic> {
    Ok(())
}

/// Checks an execution name (same rules as state machine names).
pub fn validate_execution_name(_name: &str) -> Result<(), Diagnostic> {
    Ok(())
}
