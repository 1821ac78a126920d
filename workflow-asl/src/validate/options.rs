//! What the validator is told besides the definition ([`ValidationOptions`]) and the limit of
//! state nesting the decoder and the validator share. Both are at the crate's root, beside
//! [`StateMachine::validate_with`](crate::StateMachine::validate_with).

use super::dataflow;
use crate::ExecutionType;

/// How deep Parallel and Map states may nest (the machine's own states are level 0, a
/// Parallel branch's or a Map iteration's states one level deeper): 32. The decoder refuses
/// deeper scopes without descending into them; the validator refuses them by default.
///
/// The service has a diagnostic code for it, `TOO_DEEPLY_NESTED`
/// (`ValidateStateMachineDefinitionDiagnostic` in the Step Functions API reference), but
/// documents no limit, and no recording of where it refuses was found: the limit is this
/// project's. 32 keeps every definition readable by JSON parsers limited to 128 levels, such
/// as serde_json's default (each level of state nesting costs up to four levels of JSON), far
/// inside the 1000 levels of [`MAX_DEPTH`](crate::json::MAX_DEPTH) that bound the JSON itself.
pub const MAX_STATE_NESTING: usize = 32;

/// What the validator needs to know beyond the definition itself.
#[derive(Clone, Debug)]
pub struct ValidationOptions {
    /// The type of the state machine the definition is deployed as: EXPRESS machines accept
    /// only request-response integrations.
    pub machine_type: ExecutionType,
    /// How deep Parallel and Map states may nest; [`MAX_STATE_NESTING`] by default. (A
    /// decoded definition never nests deeper than [`MAX_STATE_NESTING`]: a larger value only
    /// matters for a machine built in memory.)
    pub max_nesting_depth: usize,
    /// The type of the execution input, when known (the macro's `input { … }` schema): the
    /// data-flow check starts from it. Unknown by default.
    pub input: dataflow::DataType,
    /// What the workflow declares its Task handlers answer and its Distributed Maps' readers
    /// read (the macro's `returns { … }` and `items { … }`): the data flow takes them as
    /// known. Nothing by default.
    pub declared: dataflow::Declared,
}

impl Default for ValidationOptions {
    fn default() -> Self {
        Self {
            machine_type: ExecutionType::Standard,
            max_nesting_depth: MAX_STATE_NESTING,
            input: dataflow::DataType::Any,
            declared: dataflow::Declared::default(),
        }
    }
}
