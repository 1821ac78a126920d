//! The text primitives every layer of the workflow crates shares, in the lowest crate so that
//! each has one owner:
//!
//! - [`scan`]: the cursor the parsers of ASL's embedded languages (JSONPath, intrinsic
//!   functions, JSONata) read their text with;
//! - [`case`]: names split into words by one rule and written in snake_case, camelCase, …
//!   (JSON fields as Rust fields, state names as constants, API actions both ways);
//! - [`suggest`]: "did you mean …?" for a misspelt name, by one rule everywhere;
//! - [`json`]: strict JSON text (duplicate keys refused, errors located), which ASL
//!   definitions and JSONata's `$parse` are read with;
//! - [`stack`]: the stack the recursions over user data take, growing in segments;
//! - [`calendar`]: civil dates as days since 1970-01-01 and back, for every timestamp format;
//! - [`surrogate`]: lone surrogates (`\uD800` alone), held as characters of their own.
#![deny(missing_docs)]
#![warn(unreachable_pub)]

pub mod calendar;
pub mod case;
pub mod json;
pub mod scan;
pub mod stack;
pub mod suggest;
pub mod surrogate;
