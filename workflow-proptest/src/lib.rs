//! Tests that prove a workflow on generated inputs: proptest strategies for a workflow's
//! input, built from its schema ([`Workflow::INPUT_SCHEMA`](workflow_local_engine::Workflow::INPUT_SCHEMA))
//! and biased towards the literals its Choice rules compare input fields with
//! ([`input_strategy`]), and a runner ([`GeneratedInputs`]) that runs the workflow on them with
//! the user's handlers, checks that no error goes uncaught, that the output decodes as the
//! workflow's output type and the user's own properties, and shrinks a failing input to a
//! minimal one ([`Counterexample`]).
//!
//! proptest is the Rust convention for property tests: its strategies compose with the user's
//! own, and its shrinking is what makes a counterexample readable.
//!
//! A crate of its own, for `[dev-dependencies]`, beside `workflow-runtime` in
//! `[dependencies]`: it turns on no feature of the runtime or the engine, so `cargo build`,
//! `cargo test` and `cargo doc` compile the runtime once, with the same features (a feature of
//! the runtime turned on under `[dev-dependencies]` only made `cargo test` build the runtime and
//! everything above it a second time).
#![deny(missing_docs)]
#![warn(unreachable_pub)]

mod inputs;
mod literals;
mod runner;

pub use inputs::{Inputs, MAX_DEPTH, input_strategy};
pub use literals::{Literal, RuleLiterals, choice_literals};
pub use runner::{Counterexample, GeneratedInputs, GeneratedInputsError, Passed};
