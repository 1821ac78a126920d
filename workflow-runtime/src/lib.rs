//! Declare, check, deploy and run AWS Step Functions workflows from Rust.
//!
//! This crate is what users depend on. It re-exports the typed Amazon States Language
//! ([`asl`]: model, lossless JSON, validator) and provides the `workflow` command-line tool:
//!
//! - `workflow validate [--json] FILE...` checks definitions with every rule of the ASL;
//! - `workflow fmt FILE` re-serialises a definition through the typed model;
//! - `workflow run FILE --input JSON [--json]` runs it on the local [`engine`].
//!
//! The [`client`] deploys and runs workflows on AWS Step Functions (`aws-sdk-sfn`); the
//! `workflow!` macro, the client and the local engine build on the same model.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use workflow_asl as asl;
#[doc = include_str!("../docs/workflow_macro.md")]
pub use workflow_macros::workflow;

/// What generated code refers to; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

pub mod client;
pub mod engine;
mod workflow;

pub use client::Client;
pub use workflow::Workflow;

/// The README's examples, compiled and run as doctests so that they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
