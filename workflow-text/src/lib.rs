//! The text primitives every layer of the workflow crates shares, in the lowest crate so that
//! each has one owner:
//!
//! - [`scan`]: the cursor the parsers of ASL's embedded languages (JSONPath, intrinsic
//!   functions, JSONata) read their text with.
#![warn(missing_docs)]

pub mod scan;
