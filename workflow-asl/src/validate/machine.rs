//! Top-level fields: `Version`, `TimeoutSeconds`, and the 1 MiB definition size.

use super::Cx;
use crate::diagnostic::{Field, message};
use crate::model::StateMachine;
use crate::{Code, Pointer};

/// The service's limit on a state machine definition: 1 MiB of JSON text (the API model's
/// `Definition` shape, `"max": 1048576`).
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;
/// The largest `TimeoutSeconds` the service accepts.
pub(super) const MAX_TIMEOUT_SECONDS: u64 = 99_999_999;

/// Checks the machine's own fields.
pub(crate) fn check_machine(cx: &mut Cx<'_>, machine: &StateMachine) {
    if let Some(version) = &machine.version
        && version != "1.0"
    {
        cx.error(
                Code::InvalidMachineField,
                Pointer::root().key("Version"),
                format!("`Version` is `{version}`, but `1.0` is the only version of the States Language; use `\"1.0\"` or remove it"),
            );
    }
    if let Some(t) = machine.timeout_seconds
        && (t == 0 || t > MAX_TIMEOUT_SECONDS)
    {
        cx.error(
            Code::InvalidTimeout,
            Pointer::root().key("TimeoutSeconds"),
            message![
                Field::TimeoutSeconds,
                format!(" is {t}; it must be between 1 and {MAX_TIMEOUT_SECONDS}")
            ],
        );
    }
    let size = machine.to_json().len();
    if size > MAX_DEFINITION_BYTES {
        cx.error(
            Code::DefinitionTooLarge,
            Pointer::root(),
            format!(
                "the definition is {size} bytes of JSON; the service accepts at most {MAX_DEFINITION_BYTES} (1 MiB); split it into nested state machines"
            ),
        );
    }
}
