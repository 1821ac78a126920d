//! The `workflow!` procedural macro: entry points only.
//!
//! The macro's language, checks and code generation arrive with their own issue; this crate
//! already sits in the workspace so that the dependency graph is final: it depends on
//! `workflow-asl` (the model and the one validator) and never on the AWS SDK.

#![forbid(unsafe_code)]
