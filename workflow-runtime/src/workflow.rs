//! The trait every workflow declared with `workflow!` implements, so that generic code (the
//! deployment client, the local engine, tests) can take any of them.

use crate::asl::StateMachine;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A workflow: a name, its ASL definition (a compile-time constant) and its typed input.
///
/// ```
/// use workflow_runtime::Workflow;
///
/// struct Hello;
/// impl Workflow for Hello {
///     type Input = serde_json::Value;
///     const NAME: &'static str = "Hello";
///     const ASL: &'static str = r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#;
/// }
/// assert_eq!(Hello::definition().start_at, "A");
/// ```
pub trait Workflow {
    /// The execution input (a serde struct generated from the `input { ... }` schema).
    type Input: Serialize + DeserializeOwned;
    /// The workflow's name: the default state machine name.
    const NAME: &'static str;
    /// The ASL definition, compact JSON.
    const ASL: &'static str;
    /// The ASL definition, indented JSON.
    const ASL_PRETTY: &'static str = Self::ASL;
    /// The `${Name}` deployment substitutions the definition uses.
    const SUBSTITUTIONS: &'static [&'static str] = &[];

    /// The definition as the typed model. The macro has validated it at compile time, so
    /// decoding cannot fail for generated workflows; a hand-written implementation with a
    /// broken `ASL` gets an empty machine that every deployment and run refuses.
    fn definition() -> StateMachine {
        StateMachine::from_json(Self::ASL).unwrap_or_default()
    }
}
