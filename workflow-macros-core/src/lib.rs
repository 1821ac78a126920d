//! The implementation of the `workflow!` macro, on `proc_macro2` tokens.
//!
//! Not intended to be used directly: `workflow-macros` is the proc-macro entry point and
//! `workflow-runtime` re-exports the macro; this crate has no stable API (semver-exempt) and is
//! released in lockstep with them.
//!
//! The pipeline (see [`expand`]): `parse` (syn) builds the syntax tree of [`ast`]; `lower`
//! builds the `workflow-asl` model and records which tokens produced each JSON pointer;
//! `check` runs the shared validator and maps its diagnostics back to those tokens, adding the
//! checks only the language can make; the result is described to `codegen` (`description`:
//! the names, docs, input schema, checked definition or errors, substitutions and output
//! type), which emits the items. The file form (`pub Name from "file.asl.json";`,
//! `from_file`) decodes and validates the file and describes its model to `codegen` directly.
//! Every phase collects its errors, and the public items are emitted even on error.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod ast;
mod check;
mod codegen;
mod description;
mod doc_lines;
mod editor;
mod expand;
mod from_file;
#[cfg(test)]
mod grammar;
pub mod import;
pub mod input_type;
mod lower;
mod output_type;
mod parse;
#[cfg(test)]
mod proptests;
mod rust_types;
mod serde_impls;
mod spans;
mod suggest;
mod task_consts;
mod words;

pub use expand::{definition_json, editor, expand};
