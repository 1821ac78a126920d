//! Tests that prove a workflow on generated inputs (feature `proptest`): proptest strategies
//! for a workflow's input, built from its schema ([`Workflow::INPUT_SCHEMA`](crate::Workflow::INPUT_SCHEMA))
//! and biased towards the literals its Choice rules compare input fields with
//! ([`input_strategy`]), and a runner ([`GeneratedInputs`]) that runs the workflow on them with
//! the user's handlers, checks that no error goes uncaught, that the output decodes as the
//! workflow's output type and the user's own properties, and shrinks a failing input to a
//! minimal one ([`Counterexample`]).
//!
//! proptest is the Rust convention for property tests: its strategies compose with the user's
//! own, and its shrinking is what makes a counterexample readable.

mod inputs;
mod literals;
mod runner;

pub use inputs::{Inputs, MAX_DEPTH, input_strategy};
pub use literals::{Literal, RuleLiterals, choice_literals};
pub use runner::{Counterexample, GeneratedInputs, GeneratedInputsError, Passed};
