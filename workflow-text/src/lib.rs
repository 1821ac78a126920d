//! The text primitives every layer of the workflow crates shares, in the lowest crate so that
//! each has one owner:
//!
//! - [`scan`]: the cursor the parsers of ASL's embedded languages (JSONPath, intrinsic
//!   functions, JSONata) read their text with;
//! - [`json`]: strict JSON text (duplicate keys refused, errors located), which ASL
//!   definitions and JSONata's `$parse` are read with.
#![warn(missing_docs)]

pub mod json;
pub mod scan;
